import { NestFactory } from '@nestjs/core';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'pino';
import { UID_MAX_LENGTH } from '@hookline/contracts';
import { PinoNestLogger } from '@hookline/observability';
import { Authenticator } from './auth/authenticator';
import { GatewayConfig } from './config/gateway.config';
import { frameworkErrorResponse } from './errors/http-error.filter';
import { GatewayModule } from './gateway.module';
import { grpcOptions } from './grpc/grpc-options';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { registerIdempotency } from './idempotency/idempotency.hooks';
import { acceptJsonBodiesOnly } from './validation/json-bodies';
import { serveOpenApi } from './openapi/openapi-document';

/** Builds the gateway: REST on `config.port`, gRPC on `config.grpcPort`. */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A path id longer than any id or uid can be is refused by the router itself.
    routerOptions: { maxParamLength: UID_MAX_LENGTH },
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = frameworkErrorResponse(error);
      void reply.code(status).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  acceptJsonBodiesOnly(app.getHttpAdapter().getInstance());
  registerIdempotency(app.getHttpAdapter().getInstance(), app.get(IdempotencyStore), app.get(Authenticator), logger);
  serveOpenApi(app);
  // The gRPC API shares the REST API's guard (auth) and filter (error mapping).
  app.connectMicroservice(grpcOptions(config.grpcPort), { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  return app;
}
