import { DatabaseEnv, NatsConfig, loadEnv, natsConfigFrom } from '@hookline/config';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

class AttemptLogEnv extends DatabaseEnv {
  /**
   * Stream entries held unacknowledged per consumer: the largest multi-row insert. 500 rather
   * than more keeps what waits for an insert small enough to die young (see SERVICE_NODE_OPTIONS).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HOOKLINE_ATTEMPT_LOG_MAX_PENDING = 500;

  /** How long a batch waits for more entries before it is written: the log is not on the delivery path. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  HOOKLINE_ATTEMPT_LOG_LINGER_MS = 20;

  /** An endpoint failing without a single success for this long is disabled (Svix: 5 days). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  HOOKLINE_AUTO_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;

  /** The uid of the app (in each org) that receives operational events, when it exists. */
  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'HOOKLINE_OPERATIONAL_APP_UID must be an app uid without dots' })
  HOOKLINE_OPERATIONAL_APP_UID = 'hookline-operational';
}

export class AttemptLogConfig {
  nats: NatsConfig;
  databaseUrl: string;
  maxPending: number;
  lingerMs: number;
  autoDisableAfterMs: number;
  operationalAppUid: string;
  logLevel: string;
}

export function loadAttemptLogConfig(env: NodeJS.ProcessEnv): AttemptLogConfig {
  const [values] = loadEnv(env, AttemptLogEnv);
  return {
    nats: natsConfigFrom(values),
    databaseUrl: values.DATABASE_URL,
    maxPending: values.HOOKLINE_ATTEMPT_LOG_MAX_PENDING,
    lingerMs: values.HOOKLINE_ATTEMPT_LOG_LINGER_MS,
    autoDisableAfterMs: values.HOOKLINE_AUTO_DISABLE_AFTER_MS,
    operationalAppUid: values.HOOKLINE_OPERATIONAL_APP_UID,
    logLevel: values.LOG_LEVEL,
  };
}
