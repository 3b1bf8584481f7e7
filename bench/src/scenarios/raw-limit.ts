import { RawSender } from '../load/raw-sender';
import { atFixedRate, withConcurrency } from '../load/schedules';
import { CpuMeter } from '../measure/process-meter';
import { LatencyStats, latencyStats } from '../measure/latency-stats';
import { TimedIds, machineClockMs } from '../measure/timing';
import { Receiver, ReceiverFleet } from '../receivers/receiver-fleet';
import { BenchContext } from './bench-context';

/** Requests in flight at once, as in DESIGN section 9's orientation figure. */
const CONCURRENCY = 64;
const WARM_UP_REQUESTS = 5000;

export interface RawLimitResult {
  requests: number;
  concurrency: number;
  /**
   * Signed POSTs answered per second: the ceiling every Hookline figure is compared with. The
   * mean of `perSecondBefore` and `perSecondAfter` when both were measured.
   */
  perSecond: number;
  /** Measured first, before any Hookline scenario. */
  perSecondBefore: number;
  /** Measured again after the Hookline scenarios (null when none ran): a shared machine's speed drifts. */
  perSecondAfter: number | null;
  /** CPU use during the first measurement. */
  cpuCores: Record<string, number>;
  /** Send-to-receipt latency at the latency scenario's rates, when that scenario runs. */
  latency: { rate: number; latency: LatencyStats }[];
}

interface RawTarget {
  fleet: ReceiverFleet;
  receiver: Receiver;
  sender: RawSender;
  /** Where posts that are not timed note their ids (the sender always does). */
  scratch: TimedIds;
}

/** Scenario 1: what this machine does without Hookline, in the same run and to the same kind of receiver. */
export function runRawLimit(ctx: BenchContext): Promise<RawLimitResult> {
  return withRawTarget(ctx, async (target) => {
    const { perSecond, cpuCores } = await measureBurst(ctx, target);
    const latency: RawLimitResult['latency'] = [];
    if (ctx.options.scenarios.includes('latency')) {
      for (const rate of ctx.scale.latencyRates) {
        ctx.progress(`raw: ${rate}/s for ${ctx.scale.latencySeconds} s`);
        await target.fleet.clear([target.receiver]);
        const sent: TimedIds = { ids: [], at: [] };
        await atFixedRate(rate, ctx.scale.latencySeconds, (_, dueAt) => target.sender.post(sent, dueAt));
        latency.push({ rate, latency: latencyStats(sent, await target.fleet.receipts([target.receiver])) });
      }
    }
    return { requests: ctx.scale.rawRequests, concurrency: CONCURRENCY, perSecond, perSecondBefore: perSecond, perSecondAfter: null, cpuCores, latency };
  });
}

/** The raw limit once more, after the Hookline scenarios: ratios then use the mean of both. */
export function remeasureRawLimit(ctx: BenchContext, first: RawLimitResult): Promise<RawLimitResult> {
  return withRawTarget(ctx, async (target) => {
    const { perSecond: after } = await measureBurst(ctx, target, 'again');
    return { ...first, perSecond: Math.round((first.perSecondBefore + after) / 2), perSecondAfter: after };
  });
}

/** A receiver and a warmed-up sender for `measure`, stopped afterwards (also on Ctrl-C). */
async function withRawTarget<T>(ctx: BenchContext, measure: (target: RawTarget) => Promise<T>): Promise<T> {
  const fleet = ReceiverFleet.start();
  const stopFleet = ctx.teardown.add('stop raw-limit receivers', () => fleet.stop());
  const [receiver] = await fleet.listen(['ok']);
  const sender = new RawSender(receiver.url);
  const closeSender = ctx.teardown.add('close raw sender', () => sender.close());
  try {
    const scratch: TimedIds = { ids: [], at: [] };
    await withConcurrency(WARM_UP_REQUESTS, CONCURRENCY, () => sender.post(scratch));
    return await measure({ fleet, receiver, sender, scratch });
  } finally {
    await closeSender();
    await stopFleet();
  }
}

async function measureBurst(ctx: BenchContext, { fleet, sender, scratch }: RawTarget, again = ''): Promise<{ perSecond: number; cpuCores: Record<string, number> }> {
  const requests = ctx.scale.rawRequests;
  ctx.progress(`raw${again ? ` ${again}` : ''}: ${requests} signed POSTs, ${CONCURRENCY} in flight`);
  const cpu = CpuMeter.start({ 'bench driver': [process.pid], receivers: [fleet.pid] });
  const started = machineClockMs();
  await withConcurrency(requests, CONCURRENCY, () => sender.post(scratch));
  const seconds = (machineClockMs() - started) / 1000;
  return { perSecond: Math.round(requests / seconds), cpuCores: cpu.stop() };
}
