interface Queued<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export interface TurnBatcherOptions<I> {
  /** At most this many inputs per batch. */
  maxCount: number;
  /** At most this many bytes per batch, by `sizeOf`; an input larger than that goes alone. */
  maxBytes: number;
  sizeOf: (input: I) => number;
  /** Calls wait this long after the first of a batch for more to join it; unset: until the end of the turn. */
  lingerMs?: number;
}

/**
 * Calls made in one turn of the event loop (or within `lingerMs` of each other) go out together:
 * queued until the loop's check phase, or the linger's end, then sent as batches (`send` answers
 * one output per input, in order). Under load, concurrent requests share one round trip and one
 * statement instead of one each. A batch that fails fails its own callers only.
 */
export class TurnBatcher<I, O> {
  private queue: Queued<I, O>[] = [];
  private lingering?: NodeJS.Timeout;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly send: (inputs: I[]) => Promise<O[]>,
    private readonly options: TurnBatcherOptions<I>,
  ) {}

  call(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) {
        if (this.options.lingerMs === undefined) setImmediate(() => this.flush());
        else this.lingering = setTimeout(() => this.flush(), this.options.lingerMs);
      }
      this.queue.push({ input, resolve, reject });
    });
  }

  /** Sends what is queued now, without waiting out the linger, and waits until every batch sent has been answered. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.sending]);
  }

  private flush(): void {
    clearTimeout(this.lingering);
    this.lingering = undefined;
    const queued = this.queue;
    this.queue = [];
    for (const batch of this.batches(queued)) {
      const sent = this.send(batch.map((item) => item.input)).then(
        (outputs) => batch.forEach((item, index) => item.resolve(outputs[index])),
        (error: unknown) => batch.forEach((item) => item.reject(error)),
      );
      this.sending.add(sent);
      void sent.finally(() => this.sending.delete(sent));
    }
  }

  private batches(queued: Queued<I, O>[]): Queued<I, O>[][] {
    const { maxCount, maxBytes, sizeOf } = this.options;
    const batches: Queued<I, O>[][] = [];
    let current: Queued<I, O>[] = [];
    let bytes = 0;
    for (const item of queued) {
      const size = sizeOf(item.input);
      if (current.length > 0 && (current.length === maxCount || bytes + size > maxBytes)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }
}
