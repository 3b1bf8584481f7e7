import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { Logger } from 'pino';
import { NatsModule } from '@hookline/messaging';
import { LoggerModule } from '@hookline/observability';
import { RegistryFollowerModule } from '@hookline/registry-model';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApplicationsController } from './applications/applications.controller';
import { AttemptsController } from './attempts/attempts.controller';
import { BackgroundTasksController } from './background-tasks/background-tasks.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { PortalTokens } from './auth/portal-tokens';
import { ServiceClients } from './clients/service-clients';
import { GatewayConfig } from './config/gateway.config';
import { EndpointsController } from './endpoints/endpoints.controller';
import { EventTypesController } from './event-types/event-types.controller';
import { HttpErrorFilter } from './errors/http-error.filter';
import { ApplicationsGrpcController } from './grpc/applications.grpc.controller';
import { AttemptsGrpcController } from './grpc/attempts.grpc.controller';
import { EndpointsGrpcController } from './grpc/endpoints.grpc.controller';
import { EventTypesGrpcController } from './grpc/event-types.grpc.controller';
import { MessagesGrpcController } from './grpc/messages.grpc.controller';
import { HealthController } from './health/health.controller';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { MessageIngestService } from './messages/message-ingest.service';
import { LiveFeedController } from './live/live-feed.controller';
import { LiveFeedService } from './live/live-feed.service';
import { MessagesController } from './messages/messages.controller';
import { PortalAccess } from './portal/portal-access';
import { PortalController } from './portal/portal.controller';
import { SendExampleService } from './messages/send-example.service';
import { RequestShapePipe } from './validation/request-shape.pipe';

/** The REST and gRPC APIs and the portal: authenticates, ingests messages, and forwards everything else to its owning service. */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [LoggerModule.forRoot(logger), NatsModule.forRoot({ ...config.nats, clientName: 'gateway' }), RegistryFollowerModule],
      controllers: [
        ApiKeysController,
        ApplicationsController,
        EndpointsController,
        EventTypesController,
        MessagesController,
        AttemptsController,
        BackgroundTasksController,
        HealthController,
        PortalController,
        LiveFeedController,
        ApplicationsGrpcController,
        EndpointsGrpcController,
        EventTypesGrpcController,
        MessagesGrpcController,
        AttemptsGrpcController,
      ],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: RequestShapePipe },
        ServiceClients,
        PortalTokens,
        PortalAccess,
        Authenticator,
        IdempotencyStore,
        MessageIngestService,
        SendExampleService,
        LiveFeedService,
      ],
    };
  }
}
