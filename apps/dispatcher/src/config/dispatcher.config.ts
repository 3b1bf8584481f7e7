import { CommonEnv, IsMasterKey, NatsConfig, decodeMasterKey, loadEnv, natsConfigFrom } from '@hookline/config';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';

/** Svix's schedule after the immediate first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
const SVIX_SCHEDULE = '5,300,1800,7200,18000,36000,36000';

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

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(300_000)
  HOOKLINE_REQUEST_TIMEOUT_MS = 15_000;

  /** Delivery tasks in flight at once in this dispatcher replica. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HOOKLINE_DISPATCHER_MAX_PENDING = 1000;
}

export class DispatcherConfig {
  nats: NatsConfig;
  masterKey: Buffer;
  retryScheduleSeconds: number[];
  retryJitter: number;
  requestTimeoutMs: number;
  maxPending: number;
  logLevel: string;
}

export function loadDispatcherConfig(env: NodeJS.ProcessEnv): DispatcherConfig {
  const values = loadEnv(DispatcherEnv, env);
  return {
    nats: natsConfigFrom(values),
    masterKey: decodeMasterKey(values.HOOKLINE_MASTER_KEY)!,
    retryScheduleSeconds: values.HOOKLINE_RETRY_SCHEDULE.split(',').map(Number),
    retryJitter: values.HOOKLINE_RETRY_JITTER,
    requestTimeoutMs: values.HOOKLINE_REQUEST_TIMEOUT_MS,
    maxPending: values.HOOKLINE_DISPATCHER_MAX_PENDING,
    logLevel: values.LOG_LEVEL,
  };
}
