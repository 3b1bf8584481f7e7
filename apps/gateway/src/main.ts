import 'reflect-metadata';
import { keepHeapCompact, loadConfigOrExit } from '@hookline/config';
import { createLogger } from '@hookline/observability';
import { loadGatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  keepHeapCompact();
  const config = loadConfigOrExit('gateway', loadGatewayConfig);
  const logger = createLogger('gateway', config.logLevel);
  const app = await createGateway(config, logger);
  app.enableShutdownHooks();
  logger.info({ port: config.port }, 'gateway listening');
}

void main();
