import { CommonEnv, NatsConfig, loadEnv, natsConfigFrom } from '@hookline/config';
import { IsInt, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

class RouterEnv extends CommonEnv {
  /** Messages the router holds unacknowledged at once (and so its largest batch). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  HOOKLINE_ROUTER_MAX_PENDING = 2000;
}

export class RouterConfig {
  nats: NatsConfig;
  maxPending: number;
  logLevel: string;
}

export function loadRouterConfig(env: NodeJS.ProcessEnv): RouterConfig {
  const [values] = loadEnv(env, RouterEnv);
  return { nats: natsConfigFrom(values), maxPending: values.HOOKLINE_ROUTER_MAX_PENDING, logLevel: values.LOG_LEVEL };
}
