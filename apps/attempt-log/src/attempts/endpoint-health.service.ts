import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { AttemptRecorded, EndpointDisabled, HooklineError, MessageStatus, RegistryOp } from '@hookline/contracts';
import { NatsClients, RpcClient } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { AttemptLogConfig } from '../config/attempt-log.config';
import { OperationalEvents } from '../operational/operational-events';
import { EndpointHealthRepository, EndpointOutcome } from './endpoint-health.repository';

/**
 * Acts on attempt outcomes: reports exhausted retries, and disables an endpoint that answered
 * 410 Gone or has failed without a success for longer than the auto-disable window.
 */
@Injectable()
export class EndpointHealthService {
  private readonly registry: RpcClient;

  constructor(
    private readonly nats: NatsClients,
    private readonly health: EndpointHealthRepository,
    private readonly operational: OperationalEvents,
    private readonly config: AttemptLogConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.registry = new RpcClient(nats.nc);
  }

  /**
   * @param retried endpoints with attempts that this log handles again (their first handling
   *   failed), for which a disabling already done may still lack its report.
   */
  async observe(attempts: AttemptRecorded[], retried: ReadonlySet<string> = new Set()): Promise<void> {
    const outcomes = outcomesByEndpoint(attempts);
    const failingSince = await this.health.record([...outcomes.values()]);
    // Disabling first: when the registry cannot be reached the batch fails before it reported
    // anything, so its reports go out once, when it is handled again, not again after each window.
    for (const outcome of outcomes.values()) {
      const since = failingSince.get(outcome.endpointId);
      const gone = attempts.some((a) => a.endpointId === outcome.endpointId && a.responseStatusCode === 410);
      const retry = retried.has(outcome.endpointId);
      if (gone) await this.disable(outcome, 'gone', since ?? null, retry);
      else if (since && Date.now() - since.getTime() >= this.config.autoDisableAfterMs) await this.disable(outcome, 'failing', since, retry);
    }
    for (const attempt of attempts.filter((a) => a.final && a.status === MessageStatus.Fail)) {
      await this.operational.emit(attempt.orgId, 'message.attempt.exhausted', {
        appId: attempt.appId,
        msgId: attempt.msgId,
        endpointId: attempt.endpointId,
        lastAttempt: { id: attempt.id, timestamp: new Date(attempt.timestamp).toISOString(), responseStatusCode: attempt.responseStatusCode },
      }, { id: `exhausted:${attempt.id}`, at: new Date(attempt.timestamp) });
    }
  }

  /**
   * Reports the endpoint disabled when this call disabled it, and also, on a retry, when it was
   * disabled already: the first handling may have disabled it and then failed to report. Either
   * report names the disabling's REGISTRY sequence and time, so the second of two is dropped by
   * JetStream or, past its duplicate window, carries the first one's message id.
   * A failure to disable fails the batch, which is handled again: the decision is not dropped.
   */
  private async disable(outcome: EndpointOutcome, reason: 'gone' | 'failing', failingSince: Date | null, retry: boolean): Promise<void> {
    const request = { orgId: outcome.orgId, app: outcome.appId, endpoint: outcome.endpointId };
    let result: EndpointDisabled;
    try {
      result = await this.registry.call<EndpointDisabled>(this.nats.names.rpc('registry', RegistryOp.DisableEndpoint), request);
    } catch (error) {
      // Deleted meanwhile (the endpoint or its app): nothing left to disable.
      if (error instanceof HooklineError && error.status === 404) return;
      this.logger.error({ err: error, ...request }, 'could not disable endpoint; the attempts will be handled again');
      throw error;
    }
    if (!result.changed && !retry) return;
    if (result.changed) this.logger.warn({ endpointId: outcome.endpointId, reason }, 'endpoint disabled');
    const data = { appId: outcome.appId, endpointId: outcome.endpointId, reason, failSince: failingSince?.toISOString() ?? null };
    const fact = { id: `disabled:${outcome.endpointId}:${result.registrySeq}`, at: new Date(result.changedAt) };
    await this.operational.emit(outcome.orgId, 'endpoint.disabled', data, fact);
  }
}

/** Per endpoint, in attempt order: healthy if the last attempt succeeded, else since when it fails. */
function outcomesByEndpoint(attempts: AttemptRecorded[]): Map<string, EndpointOutcome> {
  const outcomes = new Map<string, EndpointOutcome>();
  for (const attempt of [...attempts].sort((a, b) => a.timestamp - b.timestamp)) {
    const previous = outcomes.get(attempt.endpointId);
    const succeeded = attempt.status === MessageStatus.Success;
    outcomes.set(attempt.endpointId, {
      orgId: attempt.orgId,
      appId: attempt.appId,
      endpointId: attempt.endpointId,
      healthy: succeeded,
      failingSince: succeeded || !previous || previous.healthy ? new Date(attempt.timestamp) : previous.failingSince,
      recovered: succeeded || (previous?.recovered ?? false),
    });
  }
  return outcomes;
}
