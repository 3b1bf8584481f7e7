import 'reflect-metadata';
import { connect } from 'nats';
import { BenchOptions, ScenarioName, USAGE, parseBenchArgs } from './cli';
import { BENCH_NATS_URL } from './infrastructure/bench-namespace';
import { describeMachine } from './infrastructure/machine-info';
import { scratchDir } from './paths';
import { summarizeProfiles } from './profiling/profile-summary';
import { BenchResults, ScenarioResults } from './report/bench-results';
import { consoleReport, writeReport } from './report/write-report';
import { benchScale } from './scale';
import { BenchContext } from './scenarios/bench-context';
import { runFanOut } from './scenarios/fan-out';
import { runIngest } from './scenarios/ingest';
import { runIsolation } from './scenarios/isolation';
import { runLatency } from './scenarios/latency';
import { remeasureRawLimit, runRawLimit } from './scenarios/raw-limit';
import { runThroughput } from './scenarios/throughput';
import { Teardown } from './teardown';

const RUNNERS: { [K in ScenarioName]: (ctx: BenchContext) => Promise<ScenarioResults[K]> } = {
  raw: runRawLimit,
  throughput: runThroughput,
  latency: runLatency,
  fanout: runFanOut,
  isolation: runIsolation,
  ingest: runIngest,
};

/** `npm run bench`: runs the chosen scenarios, prints the figures and writes the report. */
async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  const teardown = new Teardown();
  const interrupted = async (signal: string) => {
    console.error(`\n${signal}: stopping everything the bench started`);
    await teardown.run();
    process.exit(130);
  };
  process.once('SIGINT', () => void interrupted('SIGINT'));
  process.once('SIGTERM', () => void interrupted('SIGTERM'));

  const started = new Date();
  const stamp = fileStamp(started);
  const clock = performance.now();
  try {
    // No async stack traces: they cost an Error per publish, CPU the bench would take from Hookline.
    const nc = await connect({ servers: BENCH_NATS_URL, name: 'hookline-bench', noAsyncTraces: true });
    teardown.add('close NATS connection', () => nc.close());
    const ctx: BenchContext = {
      options,
      scale: benchScale(options.quick),
      nc,
      teardown,
      scratchDir: scratchDir(stamp),
      progress: (message) => console.log(`[${elapsed(clock)}] ${message}`),
    };
    const results: BenchResults = {
      startedAt: started.toISOString(),
      finishedAt: '',
      options,
      scale: ctx.scale,
      machine: await describeMachine(nc),
      failures: [],
      profiles: [],
    };
    for (const scenario of options.scenarios) await runScenario(scenario, ctx, results);
    if (results.raw && options.scenarios.length > 1) results.raw = await remeasureRawLimit(ctx, results.raw);
    results.profiles = summarizeProfiles(`${ctx.scratchDir}/profiles`);
    results.finishedAt = new Date().toISOString();

    console.log(`\n${consoleReport(results)}\n`);
    for (const file of writeReport(results, stamp)) console.log(`wrote ${file}`);
    if (options.profile.length > 0) console.log(`profiles and service logs: ${ctx.scratchDir}`);
    return results.failures.length > 0 ? 1 : 0;
  } finally {
    await teardown.run();
  }
}

/** Runs one scenario into `results`; a failure is recorded and the next scenario still runs. */
async function runScenario<K extends ScenarioName>(name: K, ctx: BenchContext, results: BenchResults): Promise<void> {
  const measured: Partial<ScenarioResults> = results;
  try {
    measured[name] = await RUNNERS[name](ctx);
  } catch (error) {
    const message = (error as Error).stack ?? String(error);
    ctx.progress(`${name} failed: ${message}`);
    results.failures.push({ scenario: name, error: (error as Error).message });
  }
}

/** `YYYY-MM-DD-HHMM` in local time, naming this run's files. */
function fileStamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}`;
}

function elapsed(since: number): string {
  const seconds = Math.round((performance.now() - since) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
