import 'reflect-metadata';
import { loadConfigOrExit } from '@hookline/config';
import { createLogger } from '@hookline/observability';
import { loadGatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  const config = loadConfigOrExit('gateway', loadGatewayConfig);
  const logger = createLogger('gateway', config.logLevel);
  const app = await createGateway(config, logger);
  app.enableShutdownHooks();
  logger.info({ port: config.port }, 'gateway listening');
}

void main();
