import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { PinoNestLogger } from '@hookline/observability';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { registerIdempotency } from './idempotency/idempotency.hooks';

/** Builds the gateway's HTTP application, listening on `config.port`. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
  });
  registerIdempotency(app.getHttpAdapter().getInstance(), app.get(IdempotencyStore));
  await app.listen(config.port, '0.0.0.0');
  return app;
}
