/** Message ids and, for each, a moment in wall-clock ms: when it was published, or when it arrived. */
export interface TimedIds {
  ids: string[];
  at: number[];
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes on one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
