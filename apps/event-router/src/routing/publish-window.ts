/**
 * The delivery tasks a batch has published and JetStream has not yet stored, bounded in bytes.
 *
 * A batch of 500 messages fanned out to 100 endpoints made 50,000 tasks, each a copy of its
 * message's payload, all encoded and handed to the connection before the first ack came back:
 * the router peaked at 227 MB, 49 MB of it task buffers (npm run bench, fan-out). With 1,000
 * endpoints or larger payloads the same batch would not fit in memory at all. Past `maxBytes`
 * the batch waits for acks before it encodes the next task.
 */
export class PublishWindow {
  private bytes = 0;
  private unsettled = 0;
  private failure?: { error: unknown };
  /** The batch waiting for room (bytes back within `maxBytes`, or a failure). */
  private roomWaiter?: () => void;
  /** The batch waiting for every publish to settle. */
  private drainWaiter?: () => void;

  constructor(private readonly maxBytes: number) {}

  /** Counts a publish of `bytes`; resolves once the window has room for the next one. */
  async add(stored: Promise<unknown>, bytes: number): Promise<void> {
    this.bytes += bytes;
    this.unsettled++;
    stored.then(
      () => this.settle(bytes),
      (error: unknown) => {
        this.failure ??= { error };
        this.settle(bytes);
      },
    );
    while (this.bytes > this.maxBytes && !this.failure) await new Promise<void>((resolve) => (this.roomWaiter = resolve));
    this.throwIfFailed();
  }

  /** Resolves once every publish added is stored; rejects with the first failure. */
  async settled(): Promise<void> {
    while (this.unsettled > 0) await new Promise<void>((resolve) => (this.drainWaiter = resolve));
    this.throwIfFailed();
  }

  private settle(bytes: number): void {
    this.bytes -= bytes;
    this.unsettled--;
    if (this.roomWaiter && (this.bytes <= this.maxBytes || this.failure)) {
      this.roomWaiter();
      this.roomWaiter = undefined;
    }
    if (this.drainWaiter && this.unsettled === 0) {
      this.drainWaiter();
      this.drainWaiter = undefined;
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
