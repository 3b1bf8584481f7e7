interface LaneShare {
  held: number;
  waiting: (() => void)[];
}

/**
 * The dispatcher's requests in flight across all endpoints, up to `limit`, shared fairly.
 *
 * Each endpoint's own concurrency bounds what one lane sends, but not their sum: a fan-out to 100
 * endpoints at 50 each held 5,000 requests and connections, and the dispatcher grew to 355 MB and
 * spent a fifth of its CPU collecting garbage (npm run bench, fan-out). Above the limit a request
 * waits for a slot, which the lanes get in turn.
 *
 * Isolation: a lane holding fewer than its fair share (the limit divided among the lanes that hold
 * or wait for slots) never waits, even when slow endpoints hold every other slot until their
 * timeouts. So the sum may exceed the limit while lanes become active; it settles back as slots
 * are released.
 */
export class InFlightBudget {
  private readonly lanes = new Map<string, LaneShare>();
  /** Lanes with requests waiting, in the order they get the next free slot. */
  private readonly queue: string[] = [];
  private held = 0;

  constructor(private readonly limit: number) {}

  /** Resolves once `lane` may send a request; every acquire must be followed by one `release`. */
  acquire(lane: string): Promise<void> {
    const share = this.shareOf(lane);
    if (share.waiting.length === 0 && (this.held < this.limit || share.held < this.fairShare())) {
      this.take(share);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      if (share.waiting.length === 0) this.queue.push(lane);
      share.waiting.push(resolve);
    });
  }

  release(lane: string): void {
    const share = this.lanes.get(lane);
    if (!share || share.held === 0) throw new Error(`release without acquire on lane ${lane}`);
    share.held--;
    this.held--;
    if (share.held === 0 && share.waiting.length === 0) {
      // One lane fewer: every other lane's fair share grows, which may let some of them through.
      this.lanes.delete(lane);
      this.grantBelowFairShare();
    }
    if (this.held < this.limit) this.grantNext();
  }

  /**
   * How many tasks a lane should hold at most, sending or waiting for a slot: twice its fair share,
   * so that the next task is at hand when a slot frees. The rest wait in JetStream: with every lane
   * holding its whole concurrency, a fan-out to 100 endpoints kept 4,920 tasks waiting in memory.
   */
  heldPerLane(): number {
    return 2 * this.fairShare();
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.held;
  }

  private fairShare(): number {
    return Math.max(1, Math.floor(this.limit / Math.max(1, this.lanes.size)));
  }

  private shareOf(lane: string): LaneShare {
    let share = this.lanes.get(lane);
    if (!share) {
      share = { held: 0, waiting: [] };
      this.lanes.set(lane, share);
    }
    return share;
  }

  private take(share: LaneShare): void {
    share.held++;
    this.held++;
  }

  /** Gives a free slot to the lane first in turn, which goes to the back of the queue if it still waits. */
  private grantNext(): void {
    const lane = this.queue.shift();
    if (lane === undefined) return;
    const share = this.lanes.get(lane)!;
    this.grant(share);
    if (share.waiting.length > 0) this.queue.push(lane);
  }

  private grantBelowFairShare(): void {
    const fair = this.fairShare();
    for (const lane of [...this.queue]) {
      const share = this.lanes.get(lane)!;
      while (share.waiting.length > 0 && share.held < fair) this.grant(share);
      if (share.waiting.length === 0) this.queue.splice(this.queue.indexOf(lane), 1);
    }
  }

  private grant(share: LaneShare): void {
    this.take(share);
    share.waiting.shift()!();
  }
}
