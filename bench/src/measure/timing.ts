/** Message ids and, for each, a moment on the machine's clock (machineClockMs): when it was published, or when it arrived. */
export interface TimedIds {
  ids: string[];
  at: number[];
}

/**
 * Milliseconds on the machine's monotonic clock, with sub-millisecond resolution: the same clock in
 * every process on one machine, and unmoved when the wall clock is stepped. (Each process's
 * `performance.timeOrigin` is the wall clock at its start, so processes started on either side of
 * a step, as when the VM is paused and resumed, disagreed by the step: a run on 2026-12-06 showed
 * every Hookline latency 580 ms too high.)
 */
export function machineClockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
