import { BenchOptions, ScenarioName } from '../cli';
import { MachineInfo } from '../infrastructure/machine-info';
import { ProfileSummary } from '../profiling/profile-summary';
import { BenchScale } from '../scale';
import { FanOutResult } from '../scenarios/fan-out';
import { IngestResult } from '../scenarios/ingest';
import { IsolationResult } from '../scenarios/isolation';
import { LatencyResult } from '../scenarios/latency';
import { RawLimitResult } from '../scenarios/raw-limit';
import { ThroughputResult } from '../scenarios/throughput';

/** What each scenario measures, under its name. */
export interface ScenarioResults {
  raw: RawLimitResult;
  throughput: ThroughputResult;
  latency: LatencyResult;
  fanout: FanOutResult;
  isolation: IsolationResult;
  ingest: IngestResult;
}

/** Everything one run measured: written as JSON, and the source of the table, report and chart. */
export interface BenchResults extends Partial<ScenarioResults> {
  startedAt: string;
  finishedAt: string;
  options: BenchOptions;
  scale: BenchScale;
  machine: MachineInfo;
  failures: { scenario: ScenarioName; error: string }[];
  profiles: ProfileSummary[];
}
