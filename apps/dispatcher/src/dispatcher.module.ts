import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { NatsModule } from '@hookline/messaging';
import { LoggerModule } from '@hookline/observability';
import { RegistryFollowerModule } from '@hookline/registry-model';
import { SecretBox } from '@hookline/signing';
import { DispatcherConfig } from './config/dispatcher.config';
import { AttemptPublisher } from './delivery/attempt-publisher';
import { DeliveryService } from './delivery/delivery.service';
import { EndpointCredentials } from './delivery/endpoint-credentials';
import { InFlightBudget } from './delivery/in-flight-budget';
import { LaneManager } from './delivery/lane-manager';
import { StrayTaskSweeper } from './delivery/stray-task-sweeper';
import { RetryQueue } from './retry/retry-queue';
import { WebhookSender } from './delivery/webhook-sender';

/** Delivers tasks over HTTP, signed, one lane per endpoint, and records every attempt. */
@Module({})
export class DispatcherModule {
  static forRoot(config: DispatcherConfig, logger: Logger): DynamicModule {
    return {
      module: DispatcherModule,
      imports: [LoggerModule.forRoot(logger), NatsModule.forRoot({ ...config.nats, clientName: 'dispatcher' }), RegistryFollowerModule],
      providers: [
        { provide: DispatcherConfig, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.masterKey) },
        { provide: InFlightBudget, useValue: new InFlightBudget(config.maxInFlight) },
        EndpointCredentials,
        WebhookSender,
        RetryQueue,
        AttemptPublisher,
        LaneManager,
        DeliveryService,
        StrayTaskSweeper,
      ],
    };
  }
}
