import { Inject, Injectable } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { AttemptRecorded, DeliveryTask, EndpointState, MessageStatus, newId, validateInput } from '@hookline/contracts';
import { NatsClients, encodeJson } from '@hookline/messaging';
import { LOGGER, deliveryAttempts, deliveryDuration } from '@hookline/observability';
import { RegistryFollower } from '@hookline/registry-model';
import { DispatcherConfig } from '../config/dispatcher.config';
import { nextRetryDelayMs } from './retry-schedule';
import { SendResult, WebhookSender } from './webhook-sender';

/** While a request runs, the task's ack deadline is pushed back this often. */
const KEEP_ALIVE_MS = 10_000;

/**
 * Delivers one task: POST, record the attempt on ATTEMPTS, then settle. The task is acked only on
 * a 2xx or when its retries are exhausted (and that attempt is recorded); otherwise it is nak'ed
 * with the retry delay, so JetStream redelivers it.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly sender: WebhookSender,
    private readonly config: DispatcherConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async deliver(msg: JsMsg): Promise<void> {
    let task: DeliveryTask;
    try {
      task = validateInput(DeliveryTask, msg.json(), 'task');
    } catch (error) {
      this.logger.error({ err: error, seq: msg.seq }, 'unreadable delivery task; terminating it');
      return msg.term();
    }
    const log = this.logger.child({ msgId: task.msgId, endpointId: task.endpointId });
    const endpoint = await this.findEndpoint(task.endpointId);
    if (!endpoint || endpoint.disabled) {
      log.warn({ reason: endpoint ? 'disabled' : 'deleted' }, 'endpoint no longer takes deliveries; dropping task');
      return msg.ack();
    }

    const attemptNumber = msg.info.deliveryCount;
    const keepAlive = setInterval(() => msg.working(), KEEP_ALIVE_MS);
    let result: SendResult;
    try {
      result = await this.sender.send(endpoint, task);
    } finally {
      clearInterval(keepAlive);
    }
    const succeeded = result.statusCode >= 200 && result.statusCode < 300;
    const retryInMs = succeeded ? undefined : nextRetryDelayMs(attemptNumber, this.config.retryScheduleSeconds, endpoint.retryPolicy, this.config.retryJitter);
    await this.record(task, result, attemptNumber, succeeded, retryInMs === undefined);

    deliveryAttempts.inc({ outcome: succeeded ? 'success' : retryInMs === undefined ? 'exhausted' : 'retry' });
    deliveryDuration.observe(result.durationMs / 1000);
    if (retryInMs === undefined) {
      if (!succeeded) log.warn({ attemptNumber, statusCode: result.statusCode }, 'retries exhausted');
      return msg.ack();
    }
    log.debug({ attemptNumber, statusCode: result.statusCode, retryInMs }, 'attempt failed; will retry');
    msg.nak(retryInMs);
  }

  /** Read your writes: a task may name an endpoint this replica's view has not seen yet. */
  private async findEndpoint(endpointId: string): Promise<EndpointState | undefined> {
    const known = this.registry.view.endpoint(endpointId);
    if (known) return known;
    await this.registry.catchUp();
    return this.registry.view.endpoint(endpointId);
  }

  private async record(task: DeliveryTask, result: SendResult, attemptNumber: number, succeeded: boolean, final: boolean): Promise<void> {
    const attempt: AttemptRecorded = {
      id: newId('atmpt'),
      orgId: task.orgId,
      appId: task.appId,
      msgId: task.msgId,
      endpointId: task.endpointId,
      url: result.url,
      responseStatusCode: result.statusCode,
      response: result.response,
      responseDurationMs: result.durationMs,
      status: succeeded ? MessageStatus.Success : MessageStatus.Fail,
      triggerType: task.trigger,
      attemptNumber,
      final,
      timestamp: Date.now(),
    };
    const subject = this.nats.names.attempt(task.orgId, task.appId, task.endpointId);
    await this.nats.js.publish(subject, encodeJson(attempt), { msgID: attempt.id });
  }
}
