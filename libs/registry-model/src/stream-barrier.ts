/**
 * Waits until a local projection has applied everything its stream held at some moment after the
 * caller asked. Callers that arrive while a check is in flight wait for the next one (a check that
 * started earlier could miss a write they must see); everyone waiting shares that next check.
 */
export class StreamBarrier {
  private current?: Promise<void>;
  private next?: Promise<void>;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private applied = 0;

  constructor(private readonly lastStreamSeq: () => Promise<number>) {}

  /** Records that the projection has applied everything up to `seq`. */
  advance(seq: number): void {
    this.applied = seq;
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => (waiter.seq <= seq ? (waiter.resolve(), false) : true));
  }

  get appliedSeq(): number {
    return this.applied;
  }

  /** Resolves when the projection has applied everything up to `seq`. */
  waitFor(seq: number): Promise<void> {
    if (seq <= this.applied) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /** Resolves once every event stored before this call has been applied. */
  catchUp(): Promise<void> {
    if (!this.current) {
      this.current = this.check().finally(() => (this.current = undefined));
      return this.current;
    }
    this.next ??= this.current.then(() => {
      this.next = undefined;
      return this.catchUp();
    });
    return this.next;
  }

  private async check(): Promise<void> {
    await this.waitFor(await this.lastStreamSeq());
  }
}
