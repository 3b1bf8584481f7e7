import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { PinoNestLogger } from '@hookline/observability';
import { GatewayConfig } from './config/gateway.config';
import { toErrorResponse } from './errors/http-error.filter';
import { GatewayModule } from './gateway.module';

/** Builds the gateway's HTTP application, listening on `config.port`. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes });
  // Errors raised while parsing a body (bad JSON, too large) happen before Nest sees the request.
  adapter.getInstance().setErrorHandler((error, _request, reply) => {
    const mapped = toErrorResponse(error) ?? { status: 500, body: { code: 'internal', detail: 'Internal server error' } };
    if (mapped.status >= 500) logger.error({ err: error }, 'unhandled error');
    void reply.status(mapped.status).send(mapped.body);
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
  });
  await app.listen(config.port, '0.0.0.0');
  return app;
}
