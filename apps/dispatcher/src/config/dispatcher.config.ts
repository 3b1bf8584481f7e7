import { CommonEnv, EgressEnv, IsMasterKey, NatsConfig, decodeMasterKey, egressPolicyFrom, loadEnv, natsConfigFrom } from '@hookline/config';
import { EgressPolicy } from '@hookline/egress';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';

/** Svix's schedule after the immediate first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const SVIX_SCHEDULE = '5,300,1800,7200,18000,36000,36000';

/** A request's timeout when neither the endpoint nor the operator sets one (the bench's raw sender uses it too). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

class DispatcherEnv extends CommonEnv {
  @IsMasterKey()
  HOOKLINE_MASTER_KEY: string;

  /** Seconds to wait before each retry, comma-separated (fractions allowed, so tests can shrink it). */
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, { message: 'HOOKLINE_RETRY_SCHEDULE must be comma-separated seconds, e.g. 5,300,1800' })
  HOOKLINE_RETRY_SCHEDULE = SVIX_SCHEDULE;

  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  HOOKLINE_RETRY_JITTER = 0.2;

  /** The shortest wait after a timeout or a 429, whatever the schedule says. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  HOOKLINE_RETRY_BACKOFF_FLOOR_MS = 60_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  HOOKLINE_REQUEST_TIMEOUT_MS = DEFAULT_REQUEST_TIMEOUT_MS;

  /** Requests in flight per endpoint when the endpoint sets no `maxConcurrency`. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  HOOKLINE_DEFAULT_MAX_CONCURRENCY = 50;

  /** Requests in flight across all endpoints, shared fairly between them (see InFlightBudget). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HOOKLINE_MAX_IN_FLIGHT = 512;

  /** Consecutive failures that open an endpoint's circuit. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HOOKLINE_CIRCUIT_FAILURE_THRESHOLD = 10;

  /** How long an open circuit rests before a probe; doubles while probes fail, up to 32×. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  HOOKLINE_CIRCUIT_OPEN_MS = 30_000;
}


export class DispatcherConfig {
  nats: NatsConfig;
  masterKey: Buffer;
  egress: EgressPolicy;
  retryScheduleSeconds: number[];
  retryJitter: number;
  retryBackoffFloorMs: number;
  requestTimeoutMs: number;
  defaultMaxConcurrency: number;
  maxInFlight: number;
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  logLevel: string;
}

export function loadDispatcherConfig(env: NodeJS.ProcessEnv): DispatcherConfig {
  const [values, egress] = loadEnv(env, DispatcherEnv, EgressEnv);
  return {
    nats: natsConfigFrom(values),
    masterKey: decodeMasterKey(values.HOOKLINE_MASTER_KEY)!,
    egress: egressPolicyFrom(egress),
    retryScheduleSeconds: values.HOOKLINE_RETRY_SCHEDULE.split(',').map(Number),
    retryJitter: values.HOOKLINE_RETRY_JITTER,
    retryBackoffFloorMs: values.HOOKLINE_RETRY_BACKOFF_FLOOR_MS,
    requestTimeoutMs: values.HOOKLINE_REQUEST_TIMEOUT_MS,
    defaultMaxConcurrency: values.HOOKLINE_DEFAULT_MAX_CONCURRENCY,
    maxInFlight: values.HOOKLINE_MAX_IN_FLIGHT,
    circuitFailureThreshold: values.HOOKLINE_CIRCUIT_FAILURE_THRESHOLD,
    circuitOpenMs: values.HOOKLINE_CIRCUIT_OPEN_MS,
    logLevel: values.LOG_LEVEL,
  };
}
