import { SERVICES } from '../cli';
import { OTHER_PROCESSES } from '../measure/process-meter';
import { BenchResults } from './bench-results';
import { RunCpu, cpuByRun, figures, interferenceWarnings, targetChecks, verdict } from './figures';
import { markdownTable } from './text-table';

/** The human-readable report of a run, next to its JSON, linking the chart `chartFile`. */
export function renderMarkdown(results: BenchResults, chartFile: string): string {
  const { machine } = results;
  const mode = results.options.quick ? 'quick (`--quick`: counts scaled down)' : 'full';
  const sections = [
    `# Hookline benchmark, ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    `Run: ${mode}; scenarios: ${results.options.scenarios.join(', ')}. Commit ${machine.commit}${machine.uncommittedChanges ? ' with uncommitted changes in apps/ or libs/' : ''}.`,
    '## Machine',
    markdownTable(
      ['', ''],
      [
        ['CPUs (nproc)', String(machine.cpus)],
        ['CPU model', machine.cpuModel],
        ['memory', `${machine.memoryGiB} GiB`],
        ['kernel', machine.kernel],
        ['Node.js', machine.node],
        ['nats-server', machine.natsServer],
        ['PostgreSQL', machine.postgres],
      ],
    ),
    '## Figures',
    markdownTable(
      ['scenario', 'measure', 'value', 'vs raw limit'],
      figures(results).map((row) => [row.scenario, row.measure, row.value, row.vsRaw]),
    ),
    '## Targets (2-core machine)',
    markdownTable(
      ['target', 'this run', ''],
      targetChecks(results).map((check) => [check.target, check.actual, verdict(check.met)]),
    ),
    ...interferenceWarnings(results).map((warning) => `> **Note:** ${warning}`),
    `![Deliveries per second and latency percentiles](${chartFile})`,
    ...cpuSection(results),
    ...profileSection(results),
    ...failureSection(results),
    '## How it was measured',
    [
      '- Each scenario starts its own Hookline: the five services as separate `node` processes on a fresh PostgreSQL database and NATS subject root and stream prefix (both deleted afterwards), on the shared nats-server and PostgreSQL of this machine, with `LOG_LEVEL=warn` and otherwise default settings (15 s request timeout).',
      '- Receivers are plain `node:http` servers on 127.0.0.1 in a child process of their own, so their CPU is counted apart from the bench driver. Every endpoint has its own receiver port.',
      '- Messages are published with JetStream async publishes on `<root>.msg.org_default.<app>` (the path HTTP ingest takes), ~1 KB each, with the message id in the `Hookline-Msg-Id` header so that each `webhook-id` at the receiver is matched to its publish time.',
      '- Throughput counts a delivery when its attempt is in the attempt log (`message_attempts`, polled every 100 ms) and the receiver has it; the clock starts at the first publish. Every Hookline run is preceded by a warm-up through the whole path. Throughput figures (and the isolation scenario\'s) are the median of three bursts, which one machine\'s noise moves by ±10 % each.',
      '- Latency runs start once earlier work is consumed, publish on a fixed schedule and measure from each message\'s due time (so a publisher that falls behind shows as latency) to its arrival at the receiver. Deliveries that never arrived count as infinitely late.',
      '- The raw limit runs in the bench driver: undici POSTs of freshly built, HMAC-signed bodies with Hookline\'s headers, through an agent configured as the dispatcher\'s. It is measured first and again after the other scenarios; ratios use the mean of both.',
      '- Isolation measures the healthy endpoint alone, then beside the noisy endpoints (a black hole and an always-500 endpoint with its backlog), then alone again once they are deleted and their tasks purged. The phase beside them is compared with the mean of both solo phases, as ratios use the raw limit measured before and after: the machine\'s drift and the database grown by the backlog\'s messages count against neither phase.',
      '- Everything shares the two cores: driver, receivers, five services, nats-server and PostgreSQL. The CPU table shows who used what.',
    ].join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}

function cpuSection(results: BenchResults): string[] {
  const runs = cpuByRun(results);
  if (runs.length === 0) return [];
  const order = [...SERVICES, 'receivers', 'bench driver', 'nats-server', 'postgres', OTHER_PROCESSES] as string[];
  const rank = (label: string) => (order.includes(label) ? order.indexOf(label) : order.length);
  const processes = [...new Set(runs.flatMap((run) => Object.keys(run.cores)))].sort((a, b) => rank(a) - rank(b));
  const table = (cell: (cores: number, run: RunCpu) => string) =>
    markdownTable(
      ['run', ...processes, 'total'],
      runs.map((run) => {
        const total = Object.values(run.cores).reduce((sum, value) => sum + value, 0);
        return [run.run, ...processes.map((process) => (run.cores[process] === undefined ? '' : cell(run.cores[process], run))), cell(total, run)];
      }),
    );
  return [
    '## CPU use during each run (cores; 2 available)',
    table((cores) => cores.toFixed(2)),
    `nats-server and postgres are the machine's shared servers; "${OTHER_PROCESSES}" is CPU the machine spent outside these processes during the run (another test suite, say), which the figures then had to share.`,
    '## CPU per delivery (µs)',
    table((cores, run) => (run.perSecond > 0 ? Math.round((cores * 1e6) / run.perSecond).toLocaleString('en-US') : '')),
    "The same figures divided by the run's rate: CPU time per delivery (per request for the raw limit and ingest), by process. Beside the noisy endpoints, the healthy endpoint's deliveries also carry the work spent on the noisy ones.",
  ];
}

function profileSection(results: BenchResults): string[] {
  return results.profiles.flatMap((profile) => [
    `## CPU profile: ${profile.file}`,
    `${profile.busySeconds} s busy, ${profile.idlePercent} % idle. Self time by origin:`,
    markdownTable(
      ['origin', 'self %'],
      profile.origins.map((spot) => [spot.name, spot.selfPercent.toFixed(1)]),
    ),
    'Hottest functions by self time:',
    markdownTable(
      ['function', 'self %'],
      profile.functions.map((spot) => [`\`${spot.name}\``, spot.selfPercent.toFixed(1)]),
    ),
  ]);
}

function failureSection(results: BenchResults): string[] {
  if (results.failures.length === 0) return [];
  return ['## Scenarios that failed', ...results.failures.map((failure) => `- **${failure.scenario}**: ${failure.error.split('\n').join('\n  ')}`)];
}
