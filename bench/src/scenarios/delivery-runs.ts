import { StreamKind } from '@hookline/contracts';
import { Completion } from '../measure/delivery-progress';
import { CpuMeter } from '../measure/process-meter';
import { streamDrained } from '../measure/stream-drain';
import { LatencyStats, latencyStats } from '../measure/latency-stats';
import { machineClockMs } from '../measure/timing';
import { BenchEndpoint, HooklineDeployment, deliveriesFor, distinctApps } from './hookline-deployment';

/** How long a run may go on without any delivery or logged attempt before it is called stuck. */
const STALL_MS = 20_000;
/** Slowest rate a complete run is given time for, plus a minute of slack. */
const MIN_RATE_PER_SECOND = 300;
/** Longest wait for earlier work to be consumed before a paced run. */
const SETTLE_TIMEOUT_MS = 60_000;

/** Deliveries end to end: accepted → receiver answered → attempt logged. */
export interface ThroughputRun {
  endpoints: number;
  messages: number;
  deliveries: number;
  /** Seconds until JetStream had acknowledged every publish. */
  publishSeconds: number;
  completion: Completion;
  /** Successful deliveries logged per second; for an incomplete run, the rate it managed before giving up. */
  deliveriesPerSecond: number;
  /** Attempts that failed (a timeout, a reset connection…) on the way, to receivers that always answer 204. */
  failedAttempts: number;
  complete: boolean;
  /** Latency from publish to receipt of each delivery (in a burst this is mostly queueing). */
  latency: LatencyStats;
  /** CPU cores used by each process during the run. */
  cpuCores: Record<string, number>;
}

/** Bursts per measured figure: one short burst on a shared host varies by ±10 %, as much as a target's margin. */
export const BURSTS_PER_FIGURE = 3;

/** Bursts of the same kind, summarised by their median. */
export interface BurstSeries {
  /** The median burst by deliveries/s, or an incomplete one if any was, so that the loss shows. */
  burst: ThroughputRun;
  /** Deliveries/s of every burst, in the order they ran. */
  rates: number[];
}

export function burstSeries(runs: ThroughputRun[]): BurstSeries {
  const byRate = [...runs].sort((a, b) => a.deliveriesPerSecond - b.deliveriesPerSecond);
  const burst = runs.find((run) => !run.complete) ?? byRate[Math.floor(byRate.length / 2)];
  return { burst, rates: runs.map((run) => run.deliveriesPerSecond) };
}

/** A fixed-rate run: latency from each message's due time to its receipt. */
export interface PacedRun {
  rate: number;
  seconds: number;
  sent: number;
  /** How far the publisher fell behind its schedule at worst. */
  maxPublishLagMs: number;
  latency: LatencyStats;
  cpuCores: Record<string, number>;
}

/** Publishes `messages` as fast as JetStream takes them and times their delivery to `endpoints`. */
export async function burstRun(deployment: HooklineDeployment, endpoints: BenchEndpoint[], messages: number): Promise<ThroughputRun> {
  const deliveries = deliveriesFor(endpoints, messages);
  const loggedBefore = await deployment.progress.attemptsLogged(endpoints);
  const failedBefore = await deployment.progress.attemptsLogged(endpoints, 'failed');
  const receivers = endpoints.map((endpoint) => endpoint.receiver);
  await deployment.receivers.clear(receivers);
  const cpu = CpuMeter.start(deployment.everything());
  const since = machineClockMs();
  const failed = new AbortController();
  const publishing = deployment.publisher.burst(distinctApps(endpoints), messages).then((log) => ({ log, seconds: (machineClockMs() - since) / 1000 }));
  publishing.catch(() => failed.abort());
  const completion = await deployment.progress.waitFor({
    endpoints,
    receivers,
    expected: deliveries,
    loggedBefore,
    since,
    timeoutMs: (deliveries / MIN_RATE_PER_SECOND) * 1000 + 60_000,
    stallMs: STALL_MS,
    signal: failed.signal,
  });
  const cpuCores = cpu.stop();
  const published = await publishing;
  const complete = completion.loggedSeconds !== null && completion.receivedSeconds !== null;
  const received = await deployment.receivers.receipts(receivers);
  return {
    endpoints: endpoints.length,
    messages,
    deliveries,
    publishSeconds: published.seconds,
    completion,
    deliveriesPerSecond: Math.round(completion.logged / (complete ? completion.loggedSeconds! : completion.elapsedSeconds)),
    failedAttempts: (await deployment.progress.attemptsLogged(endpoints, 'failed')) - failedBefore,
    complete,
    latency: latencyStats(published.log, received, deliveries),
    cpuCores,
  };
}

/**
 * Publishes `rate` messages a second for `seconds` to `endpoints`, then waits for their delivery.
 * It starts once the consumers of MESSAGES have caught up with earlier work (the attempt log may
 * still be recording a burst), so every paced run starts from the same quiet state.
 */
export async function pacedRun(deployment: HooklineDeployment, endpoints: BenchEndpoint[], rate: number, seconds: number): Promise<PacedRun> {
  await streamDrained(deployment.jsm, deployment.names.stream(StreamKind.Messages), SETTLE_TIMEOUT_MS);
  const loggedBefore = await deployment.progress.attemptsLogged(endpoints);
  const receivers = endpoints.map((endpoint) => endpoint.receiver);
  await deployment.receivers.clear(receivers);
  const cpu = CpuMeter.start(deployment.everything());
  const since = machineClockMs();
  const { log, run } = await deployment.publisher.atRate(distinctApps(endpoints), rate, seconds);
  const cpuCores = cpu.stop();
  const deliveries = deliveriesFor(endpoints, run.sent);
  await deployment.progress.waitFor({
    endpoints,
    receivers,
    expected: deliveries,
    loggedBefore,
    since,
    timeoutMs: seconds * 1000 + 60_000,
    stallMs: STALL_MS,
  });
  const received = await deployment.receivers.receipts(receivers);
  return { rate, seconds, sent: run.sent, maxPublishLagMs: Math.round(run.maxLagMs), latency: latencyStats(log, received, deliveries), cpuCores };
}
