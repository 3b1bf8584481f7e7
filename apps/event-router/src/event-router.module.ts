import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { NatsModule } from '@hookline/messaging';
import { LoggerModule } from '@hookline/observability';
import { RegistryFollowerModule } from '@hookline/registry-model';
import { RouterConfig } from './config/router.config';
import { MessageRouterService } from './routing/message-router.service';
import { RoutingWorker } from './routing/routing.worker';

/** Matches accepted messages to endpoints and stores one delivery task per match. */
@Module({})
export class EventRouterModule {
  static forRoot(config: RouterConfig, logger: Logger): DynamicModule {
    return {
      module: EventRouterModule,
      imports: [LoggerModule.forRoot(logger), NatsModule.forRoot({ ...config.nats, clientName: 'event-router' }), RegistryFollowerModule],
      providers: [{ provide: RouterConfig, useValue: config }, MessageRouterService, RoutingWorker],
    };
  }
}
