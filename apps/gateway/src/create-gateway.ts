import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { PinoNestLogger } from '@hookline/observability';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';

/** Builds the gateway's HTTP application, listening on `config.port`. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
  });
  await app.listen(config.port, '0.0.0.0');
  return app;
}
