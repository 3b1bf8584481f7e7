import { CommonEnv, NatsConfig, loadEnv, natsConfigFrom } from '@hookline/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

/** The org that HOOKLINE_ADMIN_TOKEN administers. */
export const DEFAULT_ORG_ID = 'org_default';

class GatewayEnv extends CommonEnv {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  GRPC_PORT = 50051;

  @IsString()
  @MinLength(16, { message: 'HOOKLINE_ADMIN_TOKEN must be at least 16 characters' })
  HOOKLINE_ADMIN_TOKEN: string;

  /** The gateway's address as users' browsers reach it, for app-portal links. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'HOOKLINE_PUBLIC_URL must be an http(s) URL' })
  HOOKLINE_PUBLIC_URL?: string;

  /** Largest accepted request body; Svix's limit is 1 MiB. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  HOOKLINE_BODY_LIMIT_BYTES = 1024 * 1024;
}

export class GatewayConfig {
  nats: NatsConfig;
  port: number;
  grpcPort: number;
  adminToken: string;
  bodyLimitBytes: number;
  /** Unset: derived from the address the gateway listens on. */
  publicUrl: string | undefined;
  logLevel: string;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const [values] = loadEnv(env, GatewayEnv);
  return {
    nats: natsConfigFrom(values),
    port: values.PORT,
    grpcPort: values.GRPC_PORT,
    adminToken: values.HOOKLINE_ADMIN_TOKEN,
    bodyLimitBytes: values.HOOKLINE_BODY_LIMIT_BYTES,
    publicUrl: values.HOOKLINE_PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: values.LOG_LEVEL,
  };
}
