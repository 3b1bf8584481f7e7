import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 a second on every kernel config in use (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/**
 * Processes to watch, by label: fixed PIDs, or every process with a command name (all of
 * PostgreSQL's), looked up again when the meter stops so that processes started during the run
 * (a backend for a new pool connection) count under their label, not as everything else.
 */
export type WatchedProcesses = Record<string, number[] | { named: string }>;

function pidsOf(processes: number[] | { named: string }): number[] {
  return Array.isArray(processes) ? processes : pidsNamed(processes.named);
}

/** Resident memory of a process in MB, from /proc (0 once it has exited). */
export function residentMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds a process has used so far (user plus system), its own and its reaped children's, and its parent. */
interface CpuTimes {
  own: number;
  /** What its children used, counted here once they have exited and been waited for. */
  reapedChildren: number;
  parent: number;
}

function cpuTimes(pid: number): CpuTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return { own: (fields[11] + fields[12]) / TICKS_PER_SECOND, reapedChildren: (fields[13] + fields[14]) / TICKS_PER_SECOND, parent: fields[1] };
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has been busy (all cores, all processes), from /proc/stat. */
function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** Label of the CPU the machine spent outside the watched processes (another test run, say). */
export const OTHER_PROCESSES = 'everything else';

/** PIDs of every process whose command name is `name`: to watch shared servers, never to signal them. */
function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/**
 * CPU used by each watched process between `start` and `stop`, in cores (CPU seconds per wall
 * second), and by everything else on the machine, which shows when something outside the bench
 * competed for the cores.
 */
export class CpuMeter {
  /** CPU times at the start, by PID, of the processes each label covered then. */
  private readonly startCpu: Map<string, Map<number, CpuTimes>>;
  private readonly startMachine = machineBusySeconds();
  private readonly startedAt = performance.now();

  private constructor(private readonly watched: WatchedProcesses) {
    this.startCpu = new Map(Object.entries(watched).map(([label, processes]) => [label, timesOf(pidsOf(processes))]));
  }

  static start(watched: WatchedProcesses): CpuMeter {
    return new CpuMeter(watched);
  }

  stop(): Record<string, number> {
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const atEnd = new Map(Object.entries(this.watched).map(([label, processes]) => [label, timesOf(pidsOf(processes))]));
    const alive = new Set([...atEnd.values()].flatMap((times) => [...times.keys()]));
    const usedBeforeByReaper = usedBeforeStartByExitedChildren([...this.startCpu.values()], alive);
    const used = Object.fromEntries(
      [...atEnd].map(([label, end]) => [label, cpuUsedBetween(this.startCpu.get(label)!, end, usedBeforeByReaper) / wallSeconds]),
    );
    const machine = (machineBusySeconds() - this.startMachine) / wallSeconds;
    const watched = Object.values(used).reduce((sum, cores) => sum + cores, 0);
    used[OTHER_PROCESSES] = Math.max(0, machine - watched);
    return Object.fromEntries(Object.entries(used).map(([label, cores]) => [label, round(cores)]));
  }
}

function timesOf(pids: number[]): Map<number, CpuTimes> {
  const times = new Map<number, CpuTimes>();
  for (const pid of pids) {
    const pidTimes = cpuTimes(pid);
    if (pidTimes) times.set(pid, pidTimes);
  }
  return times;
}

/**
 * A watched process that exited in between (a PostgreSQL backend whose pool connection closed,
 * say) is counted through its parent, which has all of its CPU (its children's included) among
 * its reaped children's time once it is waited for. What it had used before the start is taken
 * back out there, under whichever label the parent is: by parent PID.
 */
function usedBeforeStartByExitedChildren(atStart: Map<number, CpuTimes>[], alive: Set<number>): Map<number, number> {
  const byParent = new Map<number, number>();
  for (const times of atStart) {
    for (const [pid, start] of times) {
      if (!alive.has(pid)) byParent.set(start.parent, (byParent.get(start.parent) ?? 0) + start.own + start.reapedChildren);
    }
  }
  return byParent;
}

/** CPU seconds a label's processes used in between, their children reaped in between included. */
function cpuUsedBetween(atStart: Map<number, CpuTimes>, atEnd: Map<number, CpuTimes>, usedBeforeByReaper: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, end] of atEnd) {
    const start = atStart.get(pid);
    // One that started in between counts all its CPU, and that of all the children it reaped.
    seconds += end.own - (start?.own ?? 0) + end.reapedChildren - (start?.reapedChildren ?? 0) - (usedBeforeByReaper.get(pid) ?? 0);
  }
  return Math.max(0, seconds);
}

/** Samples resident memory of each watched process and keeps the peak, in MB. */
export class RssPeaks {
  private readonly peaks: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly watched: WatchedProcesses,
    intervalMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  static start(watched: WatchedProcesses, intervalMs = 200): RssPeaks {
    return new RssPeaks(watched, intervalMs);
  }

  /** Stops sampling (once; later calls return the same peaks). */
  stop(): Record<string, number> {
    if (!this.stopped) {
      clearInterval(this.timer);
      this.sample();
      this.stopped = true;
    }
    return Object.fromEntries(Object.entries(this.peaks).map(([label, mb]) => [label, Math.round(mb)]));
  }

  private sample(): void {
    for (const [label, processes] of Object.entries(this.watched)) {
      const mb = pidsOf(processes).reduce((sum, pid) => sum + residentMb(pid), 0);
      this.peaks[label] = Math.max(this.peaks[label] ?? 0, mb);
    }
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
