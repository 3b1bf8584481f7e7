import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { JetStreamWorker, NatsClients, ReceivedDeliveryTask, decodeDeliveryTask, encodeDeliveryTask } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';

const DUE_AT_HEADER = 'Hookline-Retry-At';
/** Waiting retries are parked in the server, not in this process: this bounds them per consumer. */
const MAX_WAITING_RETRIES = 10_000_000;

/**
 * Holds delivery tasks until their retry time, outside the endpoint lanes, so a task waiting
 * hours for its next attempt never occupies a delivery slot (the MaxAckPending trap). Each
 * waiting task is nak'ed with its remaining delay on the RETRIES consumer; when due it is put
 * back on its endpoint's DELIVERIES subject.
 */
@Injectable()
export class RetryQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: JetStreamWorker;

  constructor(
    private readonly nats: NatsClients,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.worker = new JetStreamWorker(
      nats.js,
      nats.jsm,
      { stream: nats.names.stream(StreamKind.Retries), durable: 'retry-queue', ackWaitMs: 30_000, maxAckPending: MAX_WAITING_RETRIES, pullBatch: 1000 },
      { mode: 'each', handle: (msg) => this.release(msg) },
      logger,
    );
  }

  /**
   * Stores `task` to be delivered again at `dueAt` (epoch ms). Resolves once stored. `dedupId`
   * names the failed delivery, so scheduling it twice (a crash before its ack) keeps one retry.
   */
  async schedule(task: ReceivedDeliveryTask, dueAt: number, dedupId: string): Promise<void> {
    const { data, headers } = encodeDeliveryTask(task);
    headers.set(DUE_AT_HEADER, String(dueAt));
    await this.nats.publisher.publish(this.nats.names.retry(task.orgId, task.appId, task.endpointId), data, { headers, msgID: dedupId });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }

  private async release(msg: JsMsg): Promise<void> {
    const remaining = Number(msg.headers?.get(DUE_AT_HEADER)) - Date.now();
    if (remaining > 0) return msg.nak(remaining);
    let task: ReceivedDeliveryTask;
    try {
      task = decodeDeliveryTask(msg);
    } catch (error) {
      this.logger.error({ err: error, seq: msg.seq }, 'unreadable retry; terminating it');
      return msg.term();
    }
    // The RETRIES sequence makes the republish idempotent if this process dies before the ack.
    const { data, headers } = encodeDeliveryTask(task);
    await this.nats.publisher.publish(this.nats.names.delivery(task.orgId, task.appId, task.endpointId), data, { headers, msgID: `retry:${msg.seq}` });
    msg.ack();
  }
}
