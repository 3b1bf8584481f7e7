import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { dataSourceOptions } from '@hookline/database';
import { NatsModule } from '@hookline/messaging';
import { LoggerModule } from '@hookline/observability';
import { RegistryFollowerModule } from '@hookline/registry-model';
import { AppResolver } from './app-resolver';
import { DeliveriesService } from './deliveries/deliveries.service';
import { DeliveryStatusRepository } from './deliveries/delivery-status.repository';
import { AttemptLogRpc } from './attempt-log.rpc';
import { AttemptLogWorkers } from './attempt-log.workers';
import { AttemptLogService } from './attempts/attempt-log.service';
import { AttemptsRepository } from './attempts/attempts.repository';
import { EndpointHealthRepository } from './attempts/endpoint-health.repository';
import { EndpointHealthService } from './attempts/endpoint-health.service';
import { IdempotencyKeysRepository } from './idempotency/idempotency-keys.repository';
import { IdempotencyKeysService } from './idempotency/idempotency-keys.service';
import { OperationalEvents } from './operational/operational-events';
import { BackgroundTasksService } from './redelivery/background-tasks.service';
import { RecoverService } from './redelivery/recover.service';
import { RecoverTasksRepository } from './redelivery/recover-tasks.repository';
import { RedeliveryService } from './redelivery/redelivery.service';
import { AttemptLogConfig } from './config/attempt-log.config';
import { MessageLogService } from './messages/message-log.service';
import { MessagesRepository } from './messages/messages.repository';
import { ATTEMPT_LOG_DATA_SOURCE } from './attempt-log.data-source';

/** The read model: messages, rejected messages and attempts, persisted from the streams and queryable; and the gateway's idempotency keys. */
@Module({})
export class AttemptLogModule {
  static forRoot(config: AttemptLogConfig, logger: Logger): DynamicModule {
    return {
      module: AttemptLogModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({ ...config.nats, clientName: 'attempt-log' }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), name: ATTEMPT_LOG_DATA_SOURCE }),
        RegistryFollowerModule,
      ],
      providers: [
        { provide: AttemptLogConfig, useValue: config },
        AppResolver,
        MessagesRepository,
        MessageLogService,
        AttemptsRepository,
        EndpointHealthRepository,
        OperationalEvents,
        EndpointHealthService,
        AttemptLogService,
        RedeliveryService,
        RecoverTasksRepository,
        RecoverService,
        BackgroundTasksService,
        DeliveryStatusRepository,
        DeliveriesService,
        IdempotencyKeysRepository,
        IdempotencyKeysService,
        AttemptLogWorkers,
        AttemptLogRpc,
      ],
    };
  }
}
