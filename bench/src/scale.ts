/** Counts and durations of every scenario; `--quick` scales them down to fit a 10-minute run. */
export interface BenchScale {
  /** Signed POSTs of the raw-limit run: enough for several seconds, so the figure is stable. */
  rawRequests: number;
  /** Messages of each throughput run. */
  throughputMessages: number;
  /** Endpoints (each in its own app, on its own receiver port) of the multi-endpoint throughput run. */
  throughputEndpoints: number;
  latencyRates: number[];
  latencySeconds: number;
  fanoutEndpoints: number;
  fanoutMessages: number;
  /** Messages stuck for the always-500 endpoint before the isolation measurement. */
  isolationBacklog: number;
  /** Burst sent to the healthy endpoint to measure its throughput. */
  isolationBurst: number;
  isolationPacedRate: number;
  isolationPacedSeconds: number;
  /** Messages/s to the black-hole endpoint while the healthy endpoint is measured. */
  blackHoleRate: number;
  ingestSeconds: number;
  ingestConnections: number;
  /** Messages through the whole path before any measurement, so JIT and connection pools are warm. */
  warmupMessages: number;
}

const FULL: BenchScale = {
  rawRequests: 50_000,
  throughputMessages: 50_000,
  throughputEndpoints: 10,
  latencyRates: [500, 2000],
  latencySeconds: 30,
  fanoutEndpoints: 100,
  fanoutMessages: 1000,
  isolationBacklog: 100_000,
  isolationBurst: 20_000,
  isolationPacedRate: 500,
  isolationPacedSeconds: 15,
  blackHoleRate: 20,
  ingestSeconds: 20,
  ingestConnections: 50,
  warmupMessages: 2000,
};

const QUICK: BenchScale = {
  ...FULL,
  rawRequests: 20_000,
  throughputMessages: 10_000,
  latencySeconds: 8,
  fanoutMessages: 200,
  isolationBacklog: 10_000,
  isolationBurst: 5_000,
  isolationPacedSeconds: 5,
  ingestSeconds: 8,
  warmupMessages: 500,
};

export function benchScale(quick: boolean): BenchScale {
  return quick ? QUICK : FULL;
}
