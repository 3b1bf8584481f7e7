import { JsMsg } from 'nats';

/** How long an ack may wait for a publish to travel with. */
const DEFAULT_MAX_DELAY_MS = 10;

interface HeldAck {
  msg: JsMsg;
  /** Called once the ack is handed to the connection. */
  written: () => void;
}

/**
 * Acks that wait to share a socket write with the next publish through `NatsClients.publisher`.
 * Below saturation each ack was a write of its own (a syscall, and a wake-up of nats-server): a
 * router or dispatcher handling one message at a time wrote twice per message, the publish and,
 * once that was stored, the ack. An ack held here goes out just before that publisher's next
 * publish, in the same write, or after `maxDelayMs` if none comes. Holding an ack only delays
 * when JetStream forgets the message: a crash meanwhile redelivers it, which at-least-once allows.
 */
export class DeferredAcks {
  private held: HeldAck[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly maxDelayMs = DEFAULT_MAX_DELAY_MS) {}

  ack(msg: JsMsg, written: () => void = () => undefined): void {
    this.held.push({ msg, written });
    // The connection keeps the process alive while it is open; a closing process needs no timer.
    this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs).unref();
  }

  /** Hands every held ack to the connection now; the publisher calls it before each publish. */
  flush(): void {
    if (this.held.length === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    for (const { msg, written } of held) {
      // An ack on a closed connection is dropped by the client today (the message comes back
      // after its ack wait); guarded all the same, as a throw here could escape from the timer.
      try {
        msg.ack();
      } catch {
        // Redelivered, as after a crash.
      }
      written();
    }
  }
}
