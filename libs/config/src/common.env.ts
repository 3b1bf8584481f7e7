import { IsIn, IsNotEmpty, IsString, Matches } from 'class-validator';
import { NatsNames } from '@hookline/contracts';

/** Variables every service reads. */
export class CommonEnv {
  @IsString()
  @IsNotEmpty({ message: 'NATS_URL must be set (e.g. nats://127.0.0.1:4222)' })
  NATS_URL: string;

  @Matches(/^[a-zA-Z0-9_-]+$/, { message: 'HOOKLINE_SUBJECT_ROOT must be one NATS subject token' })
  HOOKLINE_SUBJECT_ROOT = 'hookline';

  @Matches(/^[a-zA-Z0-9_-]*$/, { message: 'HOOKLINE_STREAM_PREFIX may contain only letters, digits, - and _' })
  HOOKLINE_STREAM_PREFIX = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export class DatabaseEnv extends CommonEnv {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;
}

/** What a service needs to reach NATS, derived once from CommonEnv. */
export interface NatsConfig {
  url: string;
  names: NatsNames;
}

export function natsConfigFrom(env: CommonEnv): NatsConfig {
  return { url: env.NATS_URL, names: new NatsNames(env.HOOKLINE_SUBJECT_ROOT, env.HOOKLINE_STREAM_PREFIX) };
}
