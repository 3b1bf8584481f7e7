import {
  AckPolicy,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  PullOptions,
  QueuedIterator,
  nanos,
} from 'nats';
import { Logger } from 'pino';

export interface WorkerOptions {
  stream: string;
  /** Durable consumer name: replicas with the same name share the work. */
  durable: string;
  filterSubject?: string;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages asked for per pull; defaults to `maxAckPending`. */
  pullBatch?: number;
  /**
   * `batch` mode: how long a batch waits after its first message for more to join it. Fewer,
   * larger batches cost less per message (round trips, acks) where latency matters less. Such a
   * worker pulls what is there when the linger ends instead of keeping a pull open, so the server
   * sends a trickle of messages as one burst rather than waking the process once per message.
   */
  lingerMs?: number;
}

/**
 * How messages reach the handler. `batch`: one call per burst of buffered messages, calls never
 * overlap (router, attempt log: one round trip per burst). `each`: one call per message, running
 * concurrently up to `maxAckPending` (dispatcher: a slow receiver must not hold up the others).
 * Handlers settle each message themselves: ack, nak(delay) or term. A handler that throws gets
 * its unsettled messages nak'ed after `retryDelayMs`.
 */
export type WorkerHandler =
  | { mode: 'batch'; handle: (messages: JsMsg[]) => Promise<void> }
  | { mode: 'each'; handle: (message: JsMsg) => Promise<void> };

const RETRY_AFTER_HANDLER_ERROR_MS = 1000;
/** A lingering worker with nothing to do waits this long on one pull for its next message. */
const IDLE_PULL_MS = 5_000;
/**
 * A batch stops growing past this many bytes of message data: one statement (or one JSON
 * parameter) per batch must stay well within what PostgreSQL and V8 take, and a batch that
 * could never be written would be redelivered forever.
 */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/** A durable pull consumer on a JetStream stream, feeding a handler with explicit acks. */
export class JetStreamWorker {
  private messages?: ConsumerMessages;
  private buffer: JsMsg[] = [];
  private flushing?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private polling?: Promise<void>;
  private currentPull?: QueuedIterator<JsMsg>;
  private stopped = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: WorkerOptions,
    private readonly handler: WorkerHandler,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { stream, durable, filterSubject, ackWaitMs, maxAckPending } = this.options;
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: maxAckPending,
      max_deliver: -1,
      ...(filterSubject ? { filter_subject: filterSubject } : {}),
    };
    try {
      await this.jsm.consumers.add(stream, config);
    } catch (error) {
      if (!/already in use|consumer already exists/i.test((error as Error).message)) throw error;
      await this.jsm.consumers.update(stream, durable, config);
    }
    if (this.handler.mode === 'batch' && this.options.lingerMs) {
      this.polling = this.poll(this.handler.handle, this.options.lingerMs);
      return;
    }
    const consumer = await this.js.consumers.get(stream, durable);
    const batch = this.options.pullBatch ?? maxAckPending;
    this.messages = await consumer.consume({ max_messages: batch, callback: (message) => this.receive(message) });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.currentPull?.stop();
    await this.polling;
    this.messages?.stop();
    await this.flushing;
    await Promise.allSettled([...this.inFlight]);
  }

  private receive(message: JsMsg): void {
    if (this.handler.mode === 'each') {
      const handled = this.guard([message], this.handler.handle(message));
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
      return;
    }
    this.buffer.push(message);
    if (!this.flushing) this.flushing = this.flush();
  }

  private async flush(): Promise<void> {
    // Messages already received in this tick (or within the linger) join the batch.
    const { lingerMs } = this.options;
    await new Promise<void>((resolve) => (lingerMs ? setTimeout(resolve, lingerMs) : setImmediate(resolve)));
    while (this.buffer.length > 0) {
      const batch = this.takeBatch();
      if (this.handler.mode === 'batch') await this.guard(batch, this.handler.handle(batch));
    }
    this.flushing = undefined;
  }

  /**
   * Lingering batch consumption: wait (on one open pull) for a first message, let others arrive
   * for `lingerMs`, take everything there in one pull that does not wait, handle it; after a full
   * batch, take the next one at once.
   */
  private async poll(handle: (messages: JsMsg[]) => Promise<void>, lingerMs: number): Promise<void> {
    const max = this.options.pullBatch ?? this.options.maxAckPending;
    let full = false;
    while (!this.stopped) {
      try {
        const batch: JsMsg[] = [];
        if (!full) {
          batch.push(...(await this.pull({ batch: 1, expires: IDLE_PULL_MS })));
          if (batch.length === 0 || this.stopped) continue;
          await new Promise((resolve) => setTimeout(resolve, lingerMs));
        }
        batch.push(...(await this.pull({ batch: max - batch.length, no_wait: true })));
        full = batch.length >= max;
        this.buffer.push(...batch);
        while (this.buffer.length > 0) {
          const part = this.takeBatch();
          await this.guard(part, handle(part));
        }
      } catch (error) {
        if (this.stopped) break;
        this.logger.error({ err: error, durable: this.options.durable }, 'pulling from the consumer failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_HANDLER_ERROR_MS));
      }
    }
  }

  /** One pull request's messages (fewer when the consumer has fewer, none when it expires). */
  private async pull(options: Partial<PullOptions>): Promise<JsMsg[]> {
    const pulled = this.js.fetch(this.options.stream, this.options.durable, options);
    this.currentPull = pulled;
    const messages: JsMsg[] = [];
    for await (const message of pulled) messages.push(message);
    return messages;
  }

  /** The buffered messages up to MAX_BATCH_BYTES, at least one. */
  private takeBatch(): JsMsg[] {
    let bytes = 0;
    let count = 0;
    while (count < this.buffer.length && (count === 0 || bytes + this.buffer[count].data.length <= MAX_BATCH_BYTES)) {
      bytes += this.buffer[count].data.length;
      count++;
    }
    return this.buffer.splice(0, count);
  }

  private async guard(messages: JsMsg[], handled: Promise<void>): Promise<void> {
    try {
      await handled;
    } catch (error) {
      this.logger.error({ err: error, durable: this.options.durable, count: messages.length }, 'handler failed; redelivering');
      for (const message of messages) message.nak(RETRY_AFTER_HANDLER_ERROR_MS);
    }
  }
}
