/**
 * Token bucket enforcing an endpoint's `rateLimit` (requests per second) in one dispatcher
 * replica; burst is one second's worth.
 */
export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond;
    this.refilledAt = now();
  }

  /** Resolves when a request may be sent; callers are served in order. */
  acquire(): Promise<void> {
    this.queue = this.queue.then(() => this.takeToken());
    return this.queue;
  }

  private async takeToken(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
