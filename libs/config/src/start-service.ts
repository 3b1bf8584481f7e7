import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Logger } from 'pino';
import { NatsClients } from '@hookline/messaging';
import { ReadinessCheck, createLogger, PinoNestLogger, startHealthServer } from '@hookline/observability';
import { keepHeapCompact } from './heap-growth';
import { ConfigError, loadEnv } from './load-env';

export interface ServiceDefinition<Config extends { logLevel: string }> {
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  module: (config: Config, logger: Logger) => DynamicModule;
  /**
   * What readiness checks besides NATS, for a service with a database. A function of the service,
   * so that those without one (router, dispatcher) never load TypeORM: less memory, less to collect.
   */
  readiness?: (app: INestApplicationContext) => ReadinessCheck[];
}

class HealthEnv {
  /** Port of /health/live, /health/ready and /metrics; unset: no health server. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  HOOKLINE_HEALTH_PORT?: number;
}

/** Loads a service's configuration, or prints what is wrong with it and exits with status 2. */
export function loadConfigOrExit<Config>(name: string, load: (env: NodeJS.ProcessEnv) => Config): Config {
  try {
    return load(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exit(2);
  }
}

function natsReadiness(app: INestApplicationContext): ReadinessCheck {
  const nats = app.get(NatsClients);
  return { name: 'nats', check: () => (nats.nc.isClosed() ? Promise.reject(new Error('closed')) : nats.nc.flush()) };
}

/** Starts a service without an HTTP API (registry, router, dispatcher, attempt log) as its own process. */
export async function startService<Config extends { logLevel: string }>(service: ServiceDefinition<Config>): Promise<INestApplicationContext> {
  keepHeapCompact();
  const [config, health] = loadConfigOrExit(service.name, (env) => [service.loadConfig(env), loadEnv(env, HealthEnv)[0]] as const);
  const logger = createLogger(service.name, config.logLevel);
  const app = await NestFactory.createApplicationContext(service.module(config, logger), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  if (health.HOOKLINE_HEALTH_PORT) {
    const server = await startHealthServer(health.HOOKLINE_HEALTH_PORT, [natsReadiness(app), ...(service.readiness?.(app) ?? [])]);
    process.once('SIGTERM', () => server.close());
  }
  logger.info({ healthPort: health.HOOKLINE_HEALTH_PORT }, 'started');
  return app;
}
