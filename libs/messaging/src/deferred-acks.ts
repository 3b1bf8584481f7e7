import { JsMsg } from 'nats';

/** How long an ack may wait for a publish to travel with. */
const DEFAULT_MAX_DELAY_MS = 10;

/**
 * Acks that wait to share a socket write with the connection's next publish. Below saturation
 * each ack was a write of its own (a syscall, and a wake-up of nats-server): a router or
 * dispatcher handling one message at a time wrote twice per message, the publish and, once that
 * was stored, the ack. An ack held here goes out just before the connection's next publish, in
 * the same write, or after `maxDelayMs` if none comes. Holding an ack only delays when JetStream
 * forgets the message: a crash meanwhile redelivers it, which at-least-once allows.
 */
export class DeferredAcks {
  private waiting: JsMsg[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly maxDelayMs = DEFAULT_MAX_DELAY_MS) {}

  ack(msg: JsMsg): void {
    this.waiting.push(msg);
    this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Hands every waiting ack to the connection now; the publisher calls it before each publish. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.waiting;
    this.waiting = [];
    for (const msg of waiting) {
      try {
        msg.ack();
      } catch {
        // The connection closed under it: the message is redelivered, as after a crash.
      }
    }
  }
}
