import { parseArgs } from 'node:util';

export const SCENARIOS = ['raw', 'throughput', 'latency', 'fanout', 'isolation', 'ingest'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SERVICES = ['endpoint-registry', 'attempt-log', 'event-router', 'dispatcher', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface BenchOptions {
  /** Scenarios to run, in the order of SCENARIOS; the raw limit always runs (every ratio needs it). */
  scenarios: ScenarioName[];
  quick: boolean;
  /** Services to run under `--cpu-prof`. */
  profile: ServiceName[];
}

export const USAGE = `npm run bench -- [--quick] [--scenario <name>[,<name>…]] [--cpu-prof <service>[,<service>…]]

  --quick       scale counts and durations down (the whole run fits in about 10 minutes)
  --scenario    ${SCENARIOS.join(', ')}, or footprint (measured during throughput); default: all
  --cpu-prof    write a V8 CPU profile of these services and list their hottest functions:
                ${SERVICES.join(', ')}`;

/** Reads the command line; throws with the usage text on anything it does not know. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const requested = splitList(values.scenario).map((name) => (name === 'footprint' ? 'throughput' : name));
  for (const name of requested) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}"\n\n${USAGE}`);
  }
  const profile = splitList(values['cpu-prof']);
  for (const name of profile) {
    if (!(SERVICES as readonly string[]).includes(name)) throw new Error(`unknown service "${name}"\n\n${USAGE}`);
  }
  const wanted = requested.length > 0 ? new Set(['raw', ...requested]) : new Set<string>(SCENARIOS);
  return {
    scenarios: SCENARIOS.filter((name) => wanted.has(name)),
    quick: values.quick ?? false,
    profile: profile as ServiceName[],
  };
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}
