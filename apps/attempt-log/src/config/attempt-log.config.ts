import { DatabaseEnv, NatsConfig, loadEnv, natsConfigFrom } from '@hookline/config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

class AttemptLogEnv extends DatabaseEnv {
  /** Stream entries held unacknowledged per consumer: the largest multi-row insert. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HOOKLINE_ATTEMPT_LOG_MAX_PENDING = 2000;
}

export class AttemptLogConfig {
  nats: NatsConfig;
  databaseUrl: string;
  maxPending: number;
  logLevel: string;
}

export function loadAttemptLogConfig(env: NodeJS.ProcessEnv): AttemptLogConfig {
  const [values] = loadEnv(env, AttemptLogEnv);
  return {
    nats: natsConfigFrom(values),
    databaseUrl: values.DATABASE_URL,
    maxPending: values.HOOKLINE_ATTEMPT_LOG_MAX_PENDING,
    logLevel: values.LOG_LEVEL,
  };
}
