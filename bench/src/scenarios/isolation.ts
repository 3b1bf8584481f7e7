import { StreamKind } from '@hookline/contracts';
import { streamDrained } from '../measure/stream-drain';
import { machineClockMs } from '../measure/timing';
import { BenchContext } from './bench-context';
import { BURSTS_PER_FIGURE, BurstSeries, PacedRun, ThroughputRun, burstRun, burstSeries, pacedRun } from './delivery-runs';
import { BenchEndpoint, HooklineDeployment } from './hookline-deployment';

/** One hour before any retry: the failing endpoint's backlog stays pending for the whole scenario. */
const RETRY_SCHEDULE = '3600';
/**
 * Circuits never open here, so every message of the backlog gets its failed first attempt and
 * waits as a retry, the backlog of invariant 4. With the default threshold the circuit opened
 * after 10 failures and held 99,950 of 100,000 tasks back untried, a far lighter load.
 */
const CIRCUIT_FAILURE_THRESHOLD = String(1_000_000_000);
/** How long the retries of the backlog's last attempts may take to be stored after those attempts are logged. */
const RETRIES_STORED_TIMEOUT_MS = 10_000;
/** How long the backlog may take to get its first attempts (beyond a floor rate), and to stall. */
const BACKLOG_MIN_RATE_PER_SECOND = 500;
const BACKLOG_STALL_MS = 15_000;
/** Deleting the noisy endpoints waits out the black hole's requests in flight (the 15 s default timeout). */
const NOISY_REMOVAL_TIMEOUT_MS = 60_000;

export interface HealthyEndpointFigures extends BurstSeries {
  paced: PacedRun;
}

export interface IsolationResult {
  retrySchedule: string;
  solo: HealthyEndpointFigures;
  /**
   * The always-500 endpoint's backlog: messages published, whether all were routed in time, how
   * many had their first (failed) attempt, and how many retries waited in RETRIES when measuring
   * began `seconds` after publishing.
   */
  backlog: { published: number; routed: boolean; attempted: number; retriesWaiting: number; seconds: number };
  noisy: HealthyEndpointFigures & { blackHoleSent: number; blackHoleReceived: number };
  /**
   * The healthy endpoint alone again, once the noisy endpoints were deleted and their backlog
   * purged (`drained` false: it was still there when measured). Against the first solo phase it
   * shows what the rest of the run changed without them: the database grown by the backlog's
   * messages, the machine's own drift.
   */
  soloAfter: HealthyEndpointFigures & { drained: boolean };
  /** Healthy deliveries/s beside the noisy endpoints, as a fraction of the mean of both solo phases. */
  throughputRatio: number;
  /** The same against each solo phase: before the noisy endpoints existed, after they were deleted. */
  throughputRatioBefore: number;
  throughputRatioAfter: number;
  /** Healthy p99 beside the noisy endpoints divided by the mean p99 alone; null when deliveries were lost. */
  p99Ratio: number | null;
}

/**
 * Scenario 5 (DESIGN invariant 4): a healthy endpoint measured alone, then beside a black hole
 * (never answers, every request runs into the timeout) and an always-500 endpoint holding a
 * backlog of pending retries, then alone again once those are deleted; its throughput in each
 * phase is the median of a few bursts. As with the raw limit, the phase beside the noisy
 * endpoints is compared with the mean of the solo phases before and after it, so that neither
 * the machine's drift nor the database growing by the backlog counts against isolation.
 */
export async function runIsolation(ctx: BenchContext): Promise<IsolationResult> {
  const { scale } = ctx;
  const deployment = await HooklineDeployment.start(ctx, 'isolation', {
    HOOKLINE_RETRY_SCHEDULE: RETRY_SCHEDULE,
    HOOKLINE_CIRCUIT_FAILURE_THRESHOLD: CIRCUIT_FAILURE_THRESHOLD,
  });
  try {
    const [healthy] = await deployment.endpoints(['ok'], 'app per endpoint');
    await deployment.warmUp([healthy], scale.warmupMessages);
    ctx.progress('isolation: healthy endpoint alone');
    const solo = await measureHealthy(ctx, deployment, healthy);

    const [failing, blackHole] = await deployment.endpoints(['fail', 'black-hole'], 'app per endpoint');
    ctx.progress(`isolation: building a backlog of ${scale.isolationBacklog} retries (failed first attempts)`);
    const backlog = await buildBacklog(deployment, failing, scale.isolationBacklog);

    ctx.progress(`isolation: healthy endpoint beside the backlog and a black hole at ${scale.blackHoleRate}/s`);
    const trickle = deployment.publisher.trickle(blackHole.appId, scale.blackHoleRate);
    const noisy = await measureHealthy(ctx, deployment, healthy).finally(() => trickle.stop());
    const blackHoleSent = await trickle.stop();
    const blackHoleReceived = await deployment.progress.received([blackHole.receiver]);

    ctx.progress('isolation: noisy endpoints deleted with their backlog; healthy endpoint alone again');
    const drained = await removeNoisy(deployment, [failing, blackHole]);
    const soloAfter = await measureHealthy(ctx, deployment, healthy);

    const soloRate = mean(solo.burst.deliveriesPerSecond, soloAfter.burst.deliveriesPerSecond);
    const soloP99s = [solo.paced.latency.p99, soloAfter.paced.latency.p99];
    const noisyP99 = noisy.paced.latency.p99;
    return {
      retrySchedule: RETRY_SCHEDULE,
      solo,
      backlog,
      noisy: { ...noisy, blackHoleSent, blackHoleReceived },
      soloAfter: { ...soloAfter, drained },
      throughputRatio: round(noisy.burst.deliveriesPerSecond / soloRate),
      throughputRatioBefore: round(noisy.burst.deliveriesPerSecond / solo.burst.deliveriesPerSecond),
      throughputRatioAfter: round(noisy.burst.deliveriesPerSecond / soloAfter.burst.deliveriesPerSecond),
      p99Ratio: soloP99s[0] !== null && soloP99s[1] !== null && noisyP99 !== null ? round(noisyP99 / mean(soloP99s[0], soloP99s[1])) : null,
    };
  } finally {
    await deployment.stop();
  }
}

async function measureHealthy(ctx: BenchContext, deployment: HooklineDeployment, healthy: BenchEndpoint): Promise<HealthyEndpointFigures> {
  const bursts: ThroughputRun[] = [];
  for (let run = 0; run < BURSTS_PER_FIGURE; run++) bursts.push(await burstRun(deployment, [healthy], ctx.scale.isolationBurst));
  const paced = await pacedRun(deployment, [healthy], ctx.scale.isolationPacedRate, ctx.scale.isolationPacedSeconds);
  return { ...burstSeries(bursts), paced };
}

/**
 * Publishes the backlog, waits until the router and the attempt log have taken all of it (so the
 * measurement that follows sees a standing backlog, not a routing burst), then until each message
 * had its first attempt (or attempts stopped) and the retries of those attempts are stored.
 */
async function buildBacklog(deployment: HooklineDeployment, failing: BenchEndpoint, messages: number): Promise<IsolationResult['backlog']> {
  const since = machineClockMs();
  await deployment.publisher.burst([failing.appId], messages);
  const routed = await streamDrained(deployment.jsm, deployment.names.stream(StreamKind.Messages), (messages / BACKLOG_MIN_RATE_PER_SECOND) * 1000 + 30_000);
  const completion = await deployment.progress.waitFor({
    endpoints: [failing],
    outcome: 'failed',
    receivers: [failing.receiver],
    expected: messages,
    loggedBefore: 0,
    since,
    timeoutMs: (messages / BACKLOG_MIN_RATE_PER_SECOND) * 1000 + 30_000,
    stallMs: BACKLOG_STALL_MS,
  });
  const retriesWaiting = await messagesStored(deployment, StreamKind.Retries, completion.received, RETRIES_STORED_TIMEOUT_MS);
  return { published: messages, routed, attempted: completion.received, retriesWaiting, seconds: Math.round((machineClockMs() - since) / 1000) };
}

/** The messages in the stream once they number `expected`, or when `timeoutMs` has passed. */
async function messagesStored(deployment: HooklineDeployment, kind: StreamKind, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stored = (await deployment.jsm.streams.info(deployment.names.stream(kind))).state.messages;
    if (stored >= expected || Date.now() > deadline) return stored;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Deletes the noisy endpoints and waits until the dispatcher has dropped their lanes and purged
 * their tasks (a lane stops once its requests in flight end: the black hole's run into their
 * timeout). False if DELIVERIES still held work when the wait ended.
 */
async function removeNoisy(deployment: HooklineDeployment, noisy: BenchEndpoint[]): Promise<boolean> {
  for (const endpoint of noisy) await deployment.admin.deleteEndpoint(endpoint.appId, endpoint.endpointId);
  return streamDrained(deployment.jsm, deployment.names.stream(StreamKind.Deliveries), NOISY_REMOVAL_TIMEOUT_MS);
}

function mean(a: number, b: number): number {
  return (a + b) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
