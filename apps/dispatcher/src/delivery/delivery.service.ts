import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { AttemptRecorded, EndpointState, MessageStatus, newId } from '@hookline/contracts';
import { ReceivedDeliveryTask, decodeDeliveryTask } from '@hookline/messaging';
import { LOGGER, deliveryAttempts, deliveryDuration } from '@hookline/observability';
import { RegistryFollower } from '@hookline/registry-model';
import { DispatcherConfig } from '../config/dispatcher.config';
import { RetryQueue } from '../retry/retry-queue';
import { AttemptPublisher } from './attempt-publisher';
import { EndpointLane } from './endpoint-lane';
import { InFlightBudget } from './in-flight-budget';
import { LaneManager } from './lane-manager';
import { retryDelayAfter } from './retry-schedule';
import { SendResult, WebhookSender } from './webhook-sender';

/** How long tasks wait while another one probes an endpoint whose circuit was open. */
const PROBE_WAIT_MS = 1000;

/**
 * Delivers one task from an endpoint lane: POST, record the attempt on ATTEMPTS, then settle.
 * A task is acked only on a 2xx, when its retries are exhausted or its endpoint is gone (both
 * recorded as a final failed attempt), or after its retry is stored in the RetryQueue; otherwise
 * it stays unacked and JetStream redelivers it. FIFO endpoints retry in place (nak with delay), so nothing overtakes.
 */
@Injectable()
export class DeliveryService implements OnModuleInit {
  constructor(
    private readonly attempts: AttemptPublisher,
    private readonly registry: RegistryFollower,
    private readonly sender: WebhookSender,
    private readonly retries: RetryQueue,
    private readonly lanes: LaneManager,
    private readonly inFlight: InFlightBudget,
    private readonly config: DispatcherConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.lanes.handleWith((msg, lane) => this.deliver(msg, lane));
  }

  /** The lane's worker keeps the task's ack deadline moving meanwhile (rate limit, receiver, a slow JetStream). */
  async deliver(msg: JsMsg, lane: EndpointLane): Promise<void> {
    let task: ReceivedDeliveryTask;
    try {
      task = decodeDeliveryTask(msg);
    } catch (error) {
      this.logger.error({ err: error, seq: msg.seq }, 'unreadable delivery task; terminating it');
      return msg.term();
    }
    // Made only when something is logged: a child logger per delivery cost more than its use.
    const log = () => this.logger.child({ msgId: task.msgId, endpointId: task.endpointId });
    const endpoint = await this.findEndpoint(task.endpointId);
    if (!endpoint || endpoint.disabled) {
      // Settled as a final failure, on the record, so the delivery does not look pending forever.
      const reason = endpoint ? 'endpoint disabled' : 'endpoint deleted';
      log().warn({ reason }, 'endpoint no longer takes deliveries');
      await this.record(task, { statusCode: 0, response: reason, durationMs: 0, url: endpoint?.url ?? '', timedOut: false }, task.attempt, false, true);
      return lane.worker.ack(msg);
    }
    const fifo = endpoint.ordering === 'fifo';
    // FIFO tasks are retried in place, so their redeliveries count the attempts; others carry the count.
    const attemptNumber = fifo ? task.attempt + msg.info.deliveryCount - 1 : task.attempt;
    if (!fifo) {
      const blockedUntil = lane.breaker.blockedUntil();
      if (blockedUntil !== undefined) return msg.nak(Math.max(PROBE_WAIT_MS, blockedUntil - Date.now()));
    }
    await lane.limiter?.acquire();
    await this.inFlight.acquire(task.endpointId);
    let result: SendResult;
    try {
      result = await this.sender.send(endpoint, task);
    } finally {
      this.inFlight.release(task.endpointId);
    }
    const succeeded = result.statusCode >= 200 && result.statusCode < 300;
    if (!fifo) (succeeded ? lane.breaker.recordSuccess() : lane.breaker.recordFailure());
    const retryInMs = succeeded ? undefined : retryDelayAfter(attemptNumber, result, this.config, endpoint.retryPolicy);
    await this.record(task, result, attemptNumber, succeeded, retryInMs === undefined);
    deliveryAttempts.inc({ outcome: succeeded ? 'success' : retryInMs === undefined ? 'exhausted' : 'retry' });
    deliveryDuration.observe(result.durationMs / 1000);

    if (retryInMs === undefined) {
      if (!succeeded) log().warn({ attemptNumber, statusCode: result.statusCode }, 'retries exhausted');
      return lane.worker.ack(msg);
    }
    if (fifo) return msg.nak(retryInMs);
    await this.retries.schedule({ ...task, attempt: attemptNumber + 1 }, Date.now() + retryInMs, `retry-of:${msg.info.streamSequence}`);
    lane.worker.ack(msg);
  }

  /** Read your writes: a task may name an endpoint this replica's view has not seen yet. */
  private async findEndpoint(endpointId: string): Promise<EndpointState | undefined> {
    const known = this.registry.view.endpoint(endpointId);
    if (known) return known;
    await this.registry.catchUp();
    return this.registry.view.endpoint(endpointId);
  }

  private async record(task: ReceivedDeliveryTask, result: SendResult, attemptNumber: number, succeeded: boolean, final: boolean): Promise<void> {
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
    await this.attempts.publish(attempt);
  }
}
