import { NatsConnection } from 'nats';
import { BenchOptions } from '../cli';
import { BenchScale } from '../scale';
import { Teardown } from '../teardown';

/** What every scenario gets from the run. */
export interface BenchContext {
  options: BenchOptions;
  scale: BenchScale;
  /** The bench's own NATS connection (publishing, readiness checks). */
  nc: NatsConnection;
  teardown: Teardown;
  /** Service logs and profiles of this run. */
  scratchDir: string;
  progress(message: string): void;
}
