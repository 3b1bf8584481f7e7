import { LatencyStats } from '../measure/latency-stats';
import { OTHER_PROCESSES } from '../measure/process-meter';
import { BurstSeries, ThroughputRun } from '../scenarios/delivery-runs';
import { IngestRun } from '../scenarios/ingest';
import { IsolationResult } from '../scenarios/isolation';
import { BenchResults } from './bench-results';

/** One line of the figures table. */
export interface Figure {
  scenario: string;
  measure: string;
  value: string;
  /** The figure against the raw limit of the same run. */
  vsRaw: string;
}

/** One target of the issue, checked against this run; `met` is null when the run did not measure it. */
export interface TargetCheck {
  target: string;
  actual: string;
  met: boolean | null;
}

const RSS_LIMIT_MB = 200;
/** CPU taken by other processes above which a run's figures are flagged as disturbed. */
const INTERFERENCE_CORES = 0.2;
/** Change of the raw limit between the start and the end of a run above which ratios are flagged. */
const RAW_DRIFT = 0.15;

export function figures(results: BenchResults): Figure[] {
  const rows: Figure[] = [];
  const { raw, throughput, latency, fanout, isolation, ingest } = results;
  const rawRate = raw?.perSecond;
  const vsRawRate = (perSecond: number) => (rawRate ? `${(perSecond / rawRate).toFixed(2)}×` : '');
  const rawP99 = (rate: number) => raw?.latency.find((run) => run.rate === rate)?.latency.p99 ?? null;
  const vsRawP99 = (stats: LatencyStats, rate: number) => {
    const base = rawP99(rate);
    return base && stats.p99 !== null ? `p99 ${(stats.p99 / base).toFixed(1)}×` : '';
  };

  if (raw) {
    const measured = raw.perSecondAfter === null ? '' : ` (mean of ${perSecond(raw.perSecondBefore)} before and ${perSecond(raw.perSecondAfter)} after the rest)`;
    rows.push({ scenario: 'raw limit', measure: `signed POSTs/s, no Hookline (${raw.concurrency} in flight)`, value: `${perSecond(raw.perSecond)}${measured}`, vsRaw: '1.00×' });
    for (const run of raw.latency) {
      rows.push({ scenario: 'raw limit', measure: `send → receipt at ${count(run.rate)}/s: p50 / p95 / p99 / max`, value: percentiles(run.latency), vsRaw: '' });
    }
  }
  if (throughput) {
    for (const series of [throughput.oneEndpoint, throughput.manyEndpoints]) {
      const run = series.burst;
      const what = `${run.endpoints} endpoint${run.endpoints > 1 ? 's' : ''}, ${count(run.messages)} msgs: deliveries/s, ${medianOf(series)}`;
      rows.push({ scenario: 'throughput', measure: what, value: throughputValue(run), vsRaw: vsRawRate(run.deliveriesPerSecond) });
    }
  }
  if (latency) {
    for (const run of latency.runs) {
      const lag = run.maxPublishLagMs > 10 ? ` (publisher lagged ≤ ${run.maxPublishLagMs} ms)` : '';
      rows.push({
        scenario: 'latency',
        measure: `${count(run.rate)}/s for ${run.seconds} s: p50 / p95 / p99 / max${lag}`,
        value: percentiles(run.latency),
        vsRaw: vsRawP99(run.latency, run.rate),
      });
    }
  }
  if (fanout) {
    const { run } = fanout;
    rows.push({ scenario: 'fan-out', measure: `${count(run.messages)} msgs × ${run.endpoints} endpoints: deliveries/s`, value: throughputValue(run), vsRaw: vsRawRate(run.deliveriesPerSecond) });
    rows.push({ scenario: 'fan-out', measure: 'publish → receipt: p50 / p95 / p99 / max', value: percentiles(run.latency), vsRaw: '' });
    const peaks = Object.entries(fanout.peakRssMb).map(([service, mb]) => `${service} ${mb}`);
    if (peaks.length > 0) rows.push({ scenario: 'fan-out', measure: 'peak RSS (MB)', value: peaks.join(', '), vsRaw: '' });
  }
  if (isolation) {
    const phases = [
      ['alone', isolation.solo],
      ['beside noisy endpoints', isolation.noisy],
      [`alone again, after deleting them${isolation.soloAfter.drained ? '' : ' (their tasks not yet purged)'}`, isolation.soloAfter],
    ] as const;
    for (const [phase, figures] of phases) {
      rows.push({
        scenario: 'isolation',
        measure: `healthy ${phase}: deliveries/s, ${medianOf(figures)}`,
        value: throughputValue(figures.burst),
        vsRaw: vsRawRate(figures.burst.deliveriesPerSecond),
      });
      rows.push({ scenario: 'isolation', measure: `healthy ${phase} at ${count(figures.paced.rate)}/s: p50 / p95 / p99 / max`, value: percentiles(figures.paced.latency), vsRaw: '' });
    }
    const { backlog } = isolation;
    const routing = backlog.routed ? '' : ', still routing when measured';
    rows.push({
      scenario: 'isolation',
      measure: `always-500 backlog: retries waiting / first attempts failed / messages published (after ${backlog.seconds} s${routing})`,
      value: `${count(backlog.retriesWaiting)} / ${count(backlog.attempted)} / ${count(backlog.published)}`,
      vsRaw: '',
    });
    rows.push({ scenario: 'isolation', measure: 'black hole: requests received / published', value: `${count(isolation.noisy.blackHoleReceived)} / ${count(isolation.noisy.blackHoleSent)}`, vsRaw: '' });
  }
  if (ingest) {
    const ingestRows = (run: IngestRun, rate: string, latency: string) => {
      const failures = run.non2xx + run.errors > 0 ? ` (${count(run.non2xx)} non-2xx, ${count(run.errors)} errors)` : '';
      rows.push({ scenario: 'ingest', measure: `${rate}: requests/s${failures}`, value: perSecond(run.requestsPerSecond), vsRaw: vsRawRate(run.requestsPerSecond) });
      const { p50, p97_5, p99, max } = run.latencyMs;
      rows.push({ scenario: 'ingest', measure: `${latency}: p50 / p97.5 / p99 / max`, value: `${p50} / ${p97_5} / ${p99} / ${max} ms`, vsRaw: '' });
    };
    ingestRows(ingest, `POST /msg, ${ingest.connections} connections`, 'response time');
    ingestRows(ingest.withIdempotencyKey, 'with a new idempotency-key each (as the svix SDK sends)', 'with idempotency-key, response time');
  }
  if (throughput) {
    for (const [service, mb] of Object.entries(throughput.peakRssMb)) {
      rows.push({ scenario: 'footprint', measure: `peak RSS during throughput: ${service}`, value: `${mb} MB`, vsRaw: '' });
    }
  }
  return rows;
}

export function targetChecks(results: BenchResults): TargetCheck[] {
  const { raw, throughput, latency, isolation, ingest } = results;
  const checks: TargetCheck[] = [];
  const one = throughput?.oneEndpoint.burst;
  checks.push({ target: 'throughput to one endpoint ≥ 5,000 deliveries/s', actual: one ? throughputValue(one) : 'not run', met: one ? one.complete && one.deliveriesPerSecond >= 5000 : null });
  const ratio = one && raw ? one.deliveriesPerSecond / raw.perSecond : null;
  checks.push({ target: 'throughput to one endpoint ≥ 0.4 × raw limit', actual: ratio === null ? 'not run' : `${ratio.toFixed(2)}×`, met: ratio === null ? null : one!.complete && ratio >= 0.4 });
  for (const [rate, limitMs] of [
    [500, 25],
    [2000, 50],
  ]) {
    const run = latency?.runs.find((candidate) => candidate.rate === rate);
    checks.push({
      target: `p99 ≤ ${limitMs} ms at ${count(rate)}/s`,
      actual: run ? ms(run.latency.p99, run.latency.lost) : 'not run',
      met: run ? run.latency.p99 !== null && run.latency.p99 <= limitMs : null,
    });
  }
  checks.push({
    target: 'isolation: healthy endpoint keeps ≥ 90 % of solo throughput',
    actual: isolation
      ? `${percent(isolation.throughputRatio)} of the mean of both solo phases (${percent(isolation.throughputRatioBefore)} of the one before, ${percent(isolation.throughputRatioAfter)} of the one after)${backlogNote(isolation)}`
      : 'not run',
    met: isolation ? isolation.noisy.burst.complete && isolation.throughputRatio >= 0.9 && backlogComplete(isolation) : null,
  });
  checks.push({
    target: 'isolation: healthy p99 within 2 × solo (mean of both solo phases)',
    actual: isolation
      ? `${isolation.p99Ratio === null ? `deliveries lost (${count(isolation.noisy.paced.latency.lost)})` : `${isolation.p99Ratio.toFixed(2)}×`}${backlogNote(isolation)}`
      : 'not run',
    met: isolation ? isolation.p99Ratio !== null && isolation.p99Ratio <= 2 && backlogComplete(isolation) : null,
  });
  checks.push({ target: 'ingest ≥ 5,000 requests/s', actual: ingest ? perSecond(ingest.requestsPerSecond) : 'not run', met: ingest ? ingest.requestsPerSecond >= 5000 : null });
  const peaks = throughput ? Object.entries(throughput.peakRssMb) : [];
  for (const [service, mb] of peaks) {
    checks.push({ target: `${service} < ${RSS_LIMIT_MB} MB RSS`, actual: `${mb} MB`, met: mb < RSS_LIMIT_MB });
  }
  if (peaks.length === 0) checks.push({ target: `each service < ${RSS_LIMIT_MB} MB RSS`, actual: 'not run', met: null });
  return checks;
}

/** CPU use of a measured run, with the rate (per second) of the work it did. */
export interface RunCpu {
  run: string;
  cores: Record<string, number>;
  /** Deliveries (requests, for the raw limit and ingest) per second during the run. */
  perSecond: number;
}

/** The CPU use of every measured run that recorded it, in report order. */
export function cpuByRun(results: BenchResults): RunCpu[] {
  const runs: RunCpu[] = [];
  if (results.raw) runs.push({ run: 'raw limit', cores: results.raw.cpuCores, perSecond: results.raw.perSecondBefore });
  if (results.throughput) {
    const [oneEndpoint, manyEndpoints] = [results.throughput.oneEndpoint.burst, results.throughput.manyEndpoints.burst];
    runs.push({ run: 'throughput, 1 endpoint', cores: oneEndpoint.cpuCores, perSecond: oneEndpoint.deliveriesPerSecond });
    runs.push({ run: `throughput, ${manyEndpoints.endpoints} endpoints`, cores: manyEndpoints.cpuCores, perSecond: manyEndpoints.deliveriesPerSecond });
  }
  for (const run of results.latency?.runs ?? []) runs.push({ run: `latency, ${count(run.rate)}/s (while publishing)`, cores: run.cpuCores, perSecond: run.rate });
  if (results.fanout) runs.push({ run: 'fan-out', cores: results.fanout.run.cpuCores, perSecond: results.fanout.run.deliveriesPerSecond });
  if (results.isolation) {
    const { solo, noisy } = results.isolation;
    runs.push({ run: 'isolation, healthy alone', cores: solo.burst.cpuCores, perSecond: solo.burst.deliveriesPerSecond });
    runs.push({ run: 'isolation, healthy beside noisy', cores: noisy.burst.cpuCores, perSecond: noisy.burst.deliveriesPerSecond });
    const { soloAfter } = results.isolation;
    runs.push({ run: 'isolation, healthy alone again', cores: soloAfter.burst.cpuCores, perSecond: soloAfter.burst.deliveriesPerSecond });
  }
  if (results.ingest) {
    const { ingest } = results;
    runs.push({ run: 'ingest', cores: ingest.cpuCores, perSecond: ingest.requestsPerSecond });
    runs.push({ run: 'ingest with idempotency-key', cores: ingest.withIdempotencyKey.cpuCores, perSecond: ingest.withIdempotencyKey.requestsPerSecond });
  }
  return runs;
}

/** Runs during which processes outside the bench took a noticeable share of the two cores, and a machine whose speed drifted during the run. */
export function interferenceWarnings(results: BenchResults): string[] {
  const warnings = cpuByRun(results)
    .filter(({ cores }) => (cores[OTHER_PROCESSES] ?? 0) >= INTERFERENCE_CORES)
    .map(({ run, cores }) => `${run}: processes outside the bench used ${cores[OTHER_PROCESSES].toFixed(2)} cores, so its figures are lower than this machine can do.`);
  const raw = results.raw;
  if (raw && raw.perSecondAfter !== null && Math.abs(raw.perSecondAfter - raw.perSecondBefore) > RAW_DRIFT * raw.perSecond) {
    warnings.push(
      `the raw limit was ${perSecond(raw.perSecondBefore)} at the start and ${perSecond(raw.perSecondAfter)} at the end: this machine's speed changed during the run (a shared host), so every ratio to it is that uncertain.`,
    );
  }
  return warnings;
}

/** Whether the noisy phase had the whole backlog of retries the isolation targets are about. */
function backlogComplete(isolation: IsolationResult): boolean {
  return isolation.backlog.retriesWaiting >= isolation.backlog.published;
}

function backlogNote(isolation: IsolationResult): string {
  const { retriesWaiting, published } = isolation.backlog;
  return backlogComplete(isolation) ? '' : `; not a full backlog: ${count(retriesWaiting)} of ${count(published)} retries waiting`;
}

export function verdict(met: boolean | null): string {
  return met === null ? '–' : met ? 'met' : 'MISSED';
}

function throughputValue(run: ThroughputRun): string {
  const notes = [
    ...(run.complete ? [] : [`incomplete: ${count(run.completion.logged)} of ${count(run.deliveries)} logged`]),
    ...(run.failedAttempts > 0 ? [`${count(run.failedAttempts)} failed attempts`] : []),
  ];
  return `${perSecond(run.deliveriesPerSecond)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function medianOf(series: BurstSeries): string {
  return `median of ${series.rates.length} bursts (${series.rates.map(perSecond).join(', ')})`;
}

function percentiles(stats: LatencyStats): string {
  const values = [stats.p50, stats.p95, stats.p99, stats.max].map((value) => (value === null ? '∞' : value.toFixed(1)));
  const notes = [...(stats.lost > 0 ? [`${count(stats.lost)} lost`] : []), ...(stats.duplicates > 0 ? [`${count(stats.duplicates)} duplicates`] : [])];
  return `${values.join(' / ')} ms${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function ms(value: number | null, lost: number): string {
  return value === null ? `∞ (${count(lost)} lost)` : `${value.toFixed(1)} ms`;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)} %`;
}

function perSecond(value: number): string {
  return `${count(value)}/s`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
