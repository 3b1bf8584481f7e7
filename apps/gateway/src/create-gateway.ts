import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { PinoNestLogger } from '@hookline/observability';
import { GatewayConfig } from './config/gateway.config';
import { GatewayModule } from './gateway.module';
import { grpcOptions } from './grpc/grpc-options';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { registerIdempotency } from './idempotency/idempotency.hooks';
import { serveOpenApi } from './openapi/openapi-document';

/** Builds the gateway: REST on `config.port`, gRPC on `config.grpcPort`. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
  });
  registerIdempotency(app.getHttpAdapter().getInstance(), app.get(IdempotencyStore));
  serveOpenApi(app);
  // The gRPC API shares the REST API's guard (auth) and filter (error mapping).
  app.connectMicroservice(grpcOptions(config.grpcPort), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  return app;
}
