const MAX_BACKOFF_FACTOR = 32;

/**
 * Per-endpoint circuit: after `threshold` consecutive failures it opens and the endpoint rests;
 * when the rest is over one probe goes through; its success closes the circuit, its failure
 * doubles the rest. Local to one dispatcher replica.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private factor = 1;
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** When the endpoint may be tried again, or undefined if a request may go now. */
  blockedUntil(): number | undefined {
    if (this.consecutiveFailures < this.threshold) return undefined;
    const now = this.now();
    if (now < this.openUntil) return this.openUntil;
    if (this.probing) return now + this.openMs;
    this.probing = true;
    return undefined;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.factor = 1;
    this.probing = false;
  }

  recordFailure(): void {
    this.consecutiveFailures++;
    if (this.consecutiveFailures < this.threshold) return;
    if (this.probing) this.factor = Math.min(this.factor * 2, MAX_BACKOFF_FACTOR);
    this.probing = false;
    this.openUntil = this.now() + this.openMs * this.factor;
  }
}
