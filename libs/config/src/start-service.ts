import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NatsClients } from '@hookline/messaging';
import { ReadinessCheck, createLogger, PinoNestLogger, startHealthServer } from '@hookline/observability';
import { keepHeapCompact } from './heap-growth';
import { ConfigError, loadEnv } from './load-env';

export interface ServiceDefinition<Config extends { logLevel: string }> {
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  module: (config: Config, logger: Logger) => DynamicModule;
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

/** Readiness of what a service context uses: NATS always, PostgreSQL when it has a database. */
function readinessChecks(app: INestApplicationContext): ReadinessCheck[] {
  const nats = app.get(NatsClients);
  const checks: ReadinessCheck[] = [{ name: 'nats', check: () => (nats.nc.isClosed() ? Promise.reject(new Error('closed')) : nats.nc.flush()) }];
  try {
    const dataSource = app.get(DataSource, { strict: false });
    checks.push({ name: 'postgres', check: () => dataSource.query('SELECT 1') });
  } catch {
    // This service has no database.
  }
  return checks;
}

/** Starts a service without an HTTP API (registry, router, dispatcher, attempt log) as its own process. */
export async function startService<Config extends { logLevel: string }>(service: ServiceDefinition<Config>): Promise<INestApplicationContext> {
  keepHeapCompact();
  const [config, health] = loadConfigOrExit(service.name, (env) => [service.loadConfig(env), loadEnv(env, HealthEnv)[0]] as const);
  const logger = createLogger(service.name, config.logLevel);
  const app = await NestFactory.createApplicationContext(service.module(config, logger), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  if (health.HOOKLINE_HEALTH_PORT) {
    const server = await startHealthServer(health.HOOKLINE_HEALTH_PORT, readinessChecks(app));
    process.once('SIGTERM', () => server.close());
  }
  logger.info({ healthPort: health.HOOKLINE_HEALTH_PORT }, 'started');
  return app;
}
