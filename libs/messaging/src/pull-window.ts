/**
 * What the first pull after an idle spell asks for. Many idle lanes woken by one fan-out then take
 * a few tasks each, not their whole share, until they turn out to have a backlog.
 */
export const FIRST_PULL = 4;
/**
 * A full pull doubles the window if messages came fast enough to fill the window within this
 * long, so an open pull holds about a second of the lane's traffic at most (or more while a
 * backlog waits behind it). The rate is taken between the pull's first and last messages, not from
 * the pull's start: a pull opened while the lane was idle and then filled at once by a burst is a
 * backlog arriving, and the window must grow to take it.
 */
const WINDOW_FILL_MS = 1000;
/** The next pull waits until 1/PULL_WHEN_FREE_FRACTION of the window is free (fewer, larger pulls). */
const PULL_WHEN_FREE_FRACTION = 4;

export interface PullWindowLimits {
  /** The consumer's `max_ack_pending`: at it, the server keeps the bound itself. */
  maxAckPending: number;
  /** What one pull asks for at most. */
  pullBatch: number;
  /** How many messages the handler may hold now; asked before each pull. */
  maxHeld?: () => number;
}

/**
 * How much an `each` worker asks for per pull: slow start, within what its handler may hold.
 *
 * A pull that comes back full doubles the window if its messages came fast enough to fill the
 * window within a second, or more wait behind it (the consumer's pending count, carried by each message); one that fills slowly
 * from a trickle keeps it, so a lane fed a message now and then does not grow an open pull that
 * the next burst would fill at once; one that expires short sizes the next for what it brought.
 * Growing only on a backlog was measured and dropped: lanes fed steadily, as in a fan-out, kept
 * pulls of 4 and the dispatcher spent a quarter more CPU per delivery (`npm run bench`).
 */
export class PullWindow {
  private size = FIRST_PULL;
  /** The window has just grown: any room is worth a pull. */
  private grew = true;

  constructor(private readonly limits: PullWindowLimits) {}

  /** How many messages to ask for while `held` are in the handler's hands; 0: wait for one to finish. */
  nextPull(held: number): number {
    const { maxAckPending, pullBatch } = this.limits;
    this.size = Math.min(this.size, this.limit());
    // At `maxAckPending` the server keeps the bound itself, handing out one more message per ack,
    // so a pull may ask for a whole batch and stay open while acks come (as `consume()` does).
    const room = this.size >= maxAckPending ? pullBatch : Math.min(this.size - held, pullBatch);
    // Otherwise wait until a fraction of a full pull is free. With nothing held there is always room.
    const worthPulling = this.grew ? 1 : Math.ceil(Math.min(this.size, pullBatch) / PULL_WHEN_FREE_FRACTION);
    if (room < worthPulling) {
      this.grew = false;
      return 0;
    }
    return room;
  }

  /**
   * A pull that asked for `asked` has ended with `received`, the first and last of which came
   * `spreadMs` apart, the last with `pendingBehind` messages waiting behind it.
   */
  pullEnded(asked: number, received: number, pendingBehind: number, spreadMs: number): void {
    const limit = this.limit();
    let next: number;
    if (received < asked) next = Math.max(FIRST_PULL, Math.min(received, limit));
    else if (pendingBehind > 0 || this.arrivalsWouldFillWindow(received, spreadMs)) next = Math.min(this.size * 2, limit);
    else next = this.size;
    this.grew = next > this.size;
    this.size = next;
  }

  /** Whether messages arriving as fast as this pull's did would fill the window within WINDOW_FILL_MS; one message tells nothing. */
  private arrivalsWouldFillWindow(received: number, spreadMs: number): boolean {
    return received > 1 && (spreadMs / (received - 1)) * this.size <= WINDOW_FILL_MS;
  }

  private limit(): number {
    const { maxAckPending, maxHeld } = this.limits;
    return Math.max(1, Math.min(maxAckPending, maxHeld?.() ?? maxAckPending));
  }
}
