import { machineClockMs } from '../measure/timing';

/** Runs `send(0 … count-1)` with at most `concurrency` unsettled at a time, as fast as they settle. */
export async function withConcurrency(count: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

export interface PacedRun {
  sent: number;
  /** How far behind its schedule the sender fell at worst; large values mean the rate was not held. */
  maxLagMs: number;
}

/**
 * Starts `send` `rate` times a second for `seconds`, each with the time it was due, without
 * waiting for earlier ones; resolves when all have settled. Latency is measured from the due time,
 * not from when the call happened, so a sender that falls behind shows up as latency instead of
 * hiding it (coordinated omission).
 */
export async function atFixedRate(rate: number, seconds: number, send: (i: number, dueAt: number) => Promise<unknown>): Promise<PacedRun> {
  const total = Math.round(rate * seconds);
  const intervalMs = 1000 / rate;
  const start = machineClockMs();
  let sent = 0;
  let maxLagMs = 0;
  const pending: Promise<unknown>[] = [];
  while (sent < total) {
    const now = machineClockMs();
    const due = Math.min(total, Math.floor((now - start) / intervalMs) + 1);
    for (; sent < due; sent++) {
      const dueAt = start + sent * intervalMs;
      maxLagMs = Math.max(maxLagMs, now - dueAt);
      const sending = send(sent, dueAt);
      sending.catch(() => undefined); // a failure surfaces from Promise.all below, not as an unhandled rejection
      pending.push(sending);
    }
    const untilNext = start + sent * intervalMs - machineClockMs();
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.floor(untilNext))));
  }
  await Promise.all(pending);
  return { sent, maxLagMs };
}
