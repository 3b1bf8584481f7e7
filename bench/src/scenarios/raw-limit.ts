import { RawSender } from '../load/raw-sender';
import { atFixedRate, withConcurrency } from '../load/schedules';
import { CpuMeter } from '../measure/process-meter';
import { LatencyStats, latencyStats } from '../measure/latency-stats';
import { TimedIds, wallClockMs } from '../measure/timing';
import { ReceiverFleet } from '../receivers/receiver-fleet';
import { BenchContext } from './bench-context';

/** Requests in flight at once, as in DESIGN section 9's orientation figure. */
const CONCURRENCY = 64;
const WARM_UP_REQUESTS = 5000;

export interface RawLimitResult {
  requests: number;
  concurrency: number;
  seconds: number;
  /** Signed POSTs answered per second: the ceiling every Hookline figure is compared with. */
  perSecond: number;
  cpuCores: Record<string, number>;
  /** Send-to-receipt latency at the latency scenario's rates, when that scenario runs. */
  latency: { rate: number; latency: LatencyStats }[];
}

/** Scenario 1: what this machine does without Hookline, in the same run and to the same kind of receiver. */
export async function runRawLimit(ctx: BenchContext): Promise<RawLimitResult> {
  const fleet = ReceiverFleet.start();
  const stopFleet = ctx.teardown.add('stop raw-limit receivers', () => fleet.stop());
  const [receiver] = await fleet.listen(['ok']);
  const sender = new RawSender(receiver.url);
  const closeSender = ctx.teardown.add('close raw sender', () => sender.close());
  try {
    const scratch: TimedIds = { ids: [], at: [] };
    await withConcurrency(WARM_UP_REQUESTS, CONCURRENCY, () => sender.post(scratch));

    const requests = ctx.scale.rawRequests;
    ctx.progress(`raw: ${requests} signed POSTs, ${CONCURRENCY} in flight`);
    const cpu = CpuMeter.start({ 'bench driver': [process.pid], receivers: [fleet.pid] });
    const started = wallClockMs();
    await withConcurrency(requests, CONCURRENCY, () => sender.post(scratch));
    const seconds = (wallClockMs() - started) / 1000;
    const cpuCores = cpu.stop();

    const latency: RawLimitResult['latency'] = [];
    if (ctx.options.scenarios.includes('latency')) {
      for (const rate of ctx.scale.latencyRates) {
        ctx.progress(`raw: ${rate}/s for ${ctx.scale.latencySeconds} s`);
        await fleet.clear([receiver]);
        const sent: TimedIds = { ids: [], at: [] };
        await atFixedRate(rate, ctx.scale.latencySeconds, (_, dueAt) => sender.post(sent, dueAt));
        latency.push({ rate, latency: latencyStats(sent, await fleet.receipts([receiver])) });
      }
    }
    return { requests, concurrency: CONCURRENCY, seconds, perSecond: Math.round(requests / seconds), cpuCores, latency };
  } finally {
    await closeSender();
    await stopFleet();
  }
}
