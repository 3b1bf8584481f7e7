import {
  AckPolicy,
  Consumer,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  nanos,
} from 'nats';
import { Logger } from 'pino';
import { DeferredAcks } from './deferred-acks';
import { PullWindow } from './pull-window';

export interface WorkerOptions {
  stream: string;
  /** Durable consumer name: replicas with the same name share the work. */
  durable: string;
  filterSubject?: string;
  ackWaitMs: number;
  maxAckPending: number;
  /** Messages asked for per pull (at most, in `each` mode); defaults to `maxAckPending`. */
  pullBatch?: number;
  /**
   * `each` mode: how many messages the handler may hold at once, asked before each pull and never
   * more than `maxAckPending`. The dispatcher's lanes lower it while many of them share its slots.
   * A soft bound: a pull renewed by the client after a reconnect can bring more, up to `maxAckPending`.
   */
  maxHeld?: () => number;
  /**
   * `batch` mode: how long a batch waits for more messages to join it, after its first message
   * and again after each batch while fewer than half of `maxAckPending` are waiting. Fewer,
   * larger batches cost less per message (round trips, acks) where latency matters less.
   */
  lingerMs?: number;
  /** Where `ack` may leave an ack to travel with the next publish of `NatsClients.publisher` (see DeferredAcks). */
  deferredAcks?: DeferredAcks;
}

/**
 * How messages reach the handler. `batch`: one call per burst of buffered messages, calls never
 * overlap (router, attempt log: one round trip per burst). `each`: one call per message, running
 * concurrently up to `maxAckPending` (dispatcher: a slow receiver must not hold up the others).
 * `each` mode holds no more than `maxHeld` (it pulls only the room left under it, and at
 * `maxAckPending` the server keeps the bound), so messages beyond what the handler can take wait in
 * the stream, not in this process's memory.
 * Handlers settle each message themselves: nak(delay), term, or ack (through the worker's `ack`
 * where the write may wait; a nak after it wins). Until the handler returns, its messages' ack deadlines keep moving,
 * so a slow handler (a receiver that takes its time, a fan-out to thousands of endpoints) never
 * sees JetStream hand its messages out a second time.
 * A handler that throws gets its messages nak'ed after RETRY_AFTER_HANDLER_ERROR_MS.
 */
export type WorkerHandler =
  | { mode: 'batch'; handle: (messages: JsMsg[]) => Promise<void> }
  | { mode: 'each'; handle: (message: JsMsg) => Promise<void> };

const RETRY_AFTER_HANDLER_ERROR_MS = 1000;
/**
 * `each` mode: how long a pull waits for messages. With pulls expiring after 1 s, 10 endpoints got
 * half the throughput in `npm run bench` (1,342 against 2,564–3,123 deliveries/s with 30 s pulls).
 * Not because a message sent as a pull expires is lost to it: the server's 408 ends a pull after
 * its last message, and 150 one-second pulls, each with a message published 990–1010 ms after it,
 * received all 150 and left none waiting out the ack wait (bench/FINDINGS.md, 2026-12-06).
 */
const PULL_EXPIRES_MS = 30_000;
/** `each` mode: the pause after a pull failed, before the consumer is set up again. */
const PULL_RETRY_MS = 1000;
/** How often, within one ack wait, a message still being handled has its deadline pushed back. */
const KEEP_ALIVES_PER_ACK_WAIT = 3;
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
  /** Messages handed to the handler that it has not returned yet. */
  private inHand = 0;
  /** Acks of this worker's messages held in `deferredAcks`, which the server still counts as pending. */
  private heldAcks = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private pulling?: Promise<void>;
  private stopping = false;
  /** Wakes the `each` pull loop when a handler returns (or the worker stops). */
  private wake?: () => void;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: WorkerOptions,
    private readonly handler: WorkerHandler,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.setUpConsumer();
    const { handler } = this;
    if (handler.mode === 'each') {
      this.pulling = this.pullEach(consumer, handler.handle);
      return;
    }
    const batch = this.options.pullBatch ?? this.options.maxAckPending;
    this.messages = await consumer.consume({ max_messages: batch, callback: (message) => this.enqueue(message) });
  }

  /** Creates the durable consumer, or updates it to these options. */
  private async setUpConsumer(): Promise<Consumer> {
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
    return this.js.consumers.get(stream, durable);
  }

  /**
   * Acks a message this worker handed out. With `deferredAcks`, the write may wait for the next
   * publish while at most half of `maxAckPending` is taken; nearer the limit it goes at once, as
   * the next message may be waiting for that very slot (a FIFO lane's only one).
   */
  ack(message: JsMsg): void {
    const { deferredAcks, maxAckPending } = this.options;
    if (!deferredAcks || this.slotsTaken() > maxAckPending / 2) return message.ack();
    this.heldAcks++;
    deferredAcks.ack(message, () => this.heldAcks--);
  }

  /** The consumer's slots as the server counts them: messages in hand, waiting, or held for their ack. */
  private slotsTaken(): number {
    return this.inHand + this.buffer.length + this.heldAcks;
  }

  /** A message just took the last free slot: held acks go out now rather than keep the next one waiting. */
  private releaseHeldAcksIfFull(): void {
    if (this.heldAcks > 0 && this.slotsTaken() >= this.options.maxAckPending) this.options.deferredAcks?.flush();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    this.wakePulling();
    await this.pulling;
    await this.flushing;
    await Promise.allSettled([...this.inFlight]);
  }

  /** `each` mode: pulls the room left under the window, hands each message to `handle` as it arrives. */
  private async pullEach(firstConsumer: Consumer, handle: (message: JsMsg) => Promise<void>): Promise<void> {
    let consumer: Consumer | undefined = firstConsumer;
    const { maxAckPending, maxHeld, durable } = this.options;
    const window = new PullWindow({ maxAckPending, pullBatch: this.options.pullBatch ?? maxAckPending, maxHeld });
    while (!this.stopping) {
      const asked = window.nextPull(this.inFlight.size);
      if (asked === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      let received = 0;
      let last: JsMsg | undefined;
      let firstAt = 0;
      let lastAt = 0;
      try {
        // A consumer deleted from under the worker (by hand, say) is set up again.
        consumer ??= await this.setUpConsumer();
        const pull = await consumer.fetch({ max_messages: asked, expires: PULL_EXPIRES_MS });
        this.messages = pull;
        // Stopped while the pull was being set up: the loop ends once the pull does.
        if (this.stopping) pull.stop();
        for await (const message of pull) {
          lastAt = performance.now();
          if (received++ === 0) firstAt = lastAt;
          last = message;
          this.handleEach(message, handle);
        }
      } catch (error) {
        if (this.stopping) break;
        this.logger.warn({ err: error, durable }, 'pull failed; setting up the consumer and pulling again');
        consumer = undefined;
        await new Promise((resolve) => setTimeout(resolve, PULL_RETRY_MS));
      }
      window.pullEnded(asked, received, last?.info.pending ?? 0, lastAt - firstAt);
    }
  }

  private handleEach(message: JsMsg, handle: (message: JsMsg) => Promise<void>): void {
    this.inHand++;
    this.releaseHeldAcksIfFull();
    const handled = this.guard([message], handle(message));
    this.inFlight.add(handled);
    void handled.finally(() => {
      this.inHand--;
      this.inFlight.delete(handled);
      this.wakePulling();
    });
  }

  private wakePulling(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private enqueue(message: JsMsg): void {
    this.buffer.push(message);
    this.releaseHeldAcksIfFull();
    if (!this.flushing) this.flushing = this.flush();
  }

  private async flush(): Promise<void> {
    // Messages waiting for their batch keep their deadline too: they can wait out a long batch.
    const keepWaitingAlive = setInterval(() => this.buffer.forEach((message) => message.working()), this.keepAliveIntervalMs());
    // Messages already received in this tick (or within the linger) join the batch.
    await this.linger();
    while (this.buffer.length > 0) {
      const batch = this.takeBatch();
      this.inHand = batch.length;
      if (this.handler.mode === 'batch') await this.guard(batch, this.handler.handle(batch));
      this.inHand = 0;
      // What arrived while that batch was handled is often a handful: lingering again lets the next
      // batch fill up, while the server still has room to send more (at 500/s this halved the
      // attempt log's PostgreSQL time per message).
      if (this.options.lingerMs && this.buffer.length > 0 && this.buffer.length < this.options.maxAckPending / 2) await this.linger();
    }
    clearInterval(keepWaitingAlive);
    this.flushing = undefined;
  }

  private keepAliveIntervalMs(): number {
    return this.options.ackWaitMs / KEEP_ALIVES_PER_ACK_WAIT;
  }

  private linger(): Promise<void> {
    const { lingerMs } = this.options;
    return new Promise<void>((resolve) => (lingerMs ? setTimeout(resolve, lingerMs) : setImmediate(resolve)));
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
    const keepAlive = setInterval(() => messages.forEach((message) => message.working()), this.keepAliveIntervalMs());
    try {
      await handled;
    } catch (error) {
      this.logger.error({ err: error, durable: this.options.durable, count: messages.length }, 'handler failed; redelivering');
      for (const message of messages) message.nak(RETRY_AFTER_HANDLER_ERROR_MS);
    } finally {
      clearInterval(keepAlive);
    }
  }
}
