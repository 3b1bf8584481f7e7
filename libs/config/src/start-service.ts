import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'pino';
import { createLogger, PinoNestLogger } from '@hookline/observability';
import { ConfigError } from './load-env';

export interface ServiceDefinition<Config extends { logLevel: string }> {
  name: string;
  loadConfig: (env: NodeJS.ProcessEnv) => Config;
  module: (config: Config, logger: Logger) => DynamicModule;
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

/** Starts a service without an HTTP server (registry, router, dispatcher, attempt log) as its own process. */
export async function startService<Config extends { logLevel: string }>(service: ServiceDefinition<Config>): Promise<INestApplicationContext> {
  const config = loadConfigOrExit(service.name, service.loadConfig);
  const logger = createLogger(service.name, config.logLevel);
  const app = await NestFactory.createApplicationContext(service.module(config, logger), { logger: new PinoNestLogger(logger) });
  app.enableShutdownHooks();
  logger.info('started');
  return app;
}
