import { CommonEnv, NatsConfig, loadEnv, natsConfigFrom } from '@hookline/config';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** The org that HOOKLINE_ADMIN_TOKEN administers. */
export const DEFAULT_ORG_ID = 'org_default';

class GatewayEnv extends CommonEnv {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @IsString()
  @MinLength(16, { message: 'HOOKLINE_ADMIN_TOKEN must be at least 16 characters' })
  HOOKLINE_ADMIN_TOKEN: string;

  /** Largest accepted request body; Svix's limit is 1 MiB. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  HOOKLINE_BODY_LIMIT_BYTES = 1024 * 1024;
}

export class GatewayConfig {
  nats: NatsConfig;
  port: number;
  adminToken: string;
  bodyLimitBytes: number;
  logLevel: string;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const [values] = loadEnv(env, GatewayEnv);
  return {
    nats: natsConfigFrom(values),
    port: values.PORT,
    adminToken: values.HOOKLINE_ADMIN_TOKEN,
    bodyLimitBytes: values.HOOKLINE_BODY_LIMIT_BYTES,
    logLevel: values.LOG_LEVEL,
  };
}
