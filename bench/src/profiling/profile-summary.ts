import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  /** Share of the busy (non-idle) samples, in percent. */
  selfPercent: number;
}

export interface ProfileSummary {
  file: string;
  busySeconds: number;
  idlePercent: number;
  /** Functions by self time. */
  functions: HotSpot[];
  /** Self time grouped by where the code lives: a package, Hookline's own apps/libs, or Node itself. */
  origins: HotSpot[];
}

const TOP = 15;

/** Summaries of every profile in `dir` (written by services run under `--cpu-prof`). */
export function summarizeProfiles(dir: string): ProfileSummary[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files.sort().map((file) => summarizeProfile(join(dir, file)));
}

export function summarizeProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let busyMicros = 0;
  let idleMicros = 0;
  profile.samples.forEach((nodeId, i) => {
    const frame = nodes.get(nodeId)!;
    const micros = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') {
      idleMicros += micros;
      return;
    }
    busyMicros += micros;
    const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` ${shortLocation(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const origin = originOf(frame.url, frame.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
  });
  const top = (totals: Map<string, number>) =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, micros]) => ({ name, selfPercent: Math.round((micros / busyMicros) * 1000) / 10 }));
  return {
    file: basename(path),
    busySeconds: Math.round(busyMicros / 1e4) / 100,
    idlePercent: Math.round((idleMicros / (idleMicros + busyMicros)) * 1000) / 10,
    functions: top(byFunction),
    origins: top(byOrigin),
  };
}

function shortLocation(url: string): string {
  const inPackage = /node_modules\/(.*)$/.exec(url);
  if (inPackage) return inPackage[1];
  const inDist = /\/dist\/(.*)$/.exec(url);
  return inDist ? inDist[1] : url.replace(/^file:\/\//, '');
}

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'V8 / native';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1];
  const inHookline = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (inHookline) return `hookline ${inHookline[1]}`;
  return url.startsWith('node:') ? 'node core' : url;
}

if (require.main === module) {
  const [path] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node dist/bench/src/profiling/profile-summary.js <file.cpuprofile>');
    process.exit(2);
  }
  console.log(JSON.stringify(summarizeProfile(path), null, 2));
}
