import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@hookline/database';
import { NatsModule } from '@hookline/messaging';
import { SecretBox } from '@hookline/signing';
import { LoggerModule } from '@hookline/observability';
import { Logger } from 'pino';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApplicationsRepository } from './applications/applications.repository';
import { ApplicationsService } from './applications/applications.service';
import { RegistryConfig } from './config/registry.config';
import { EndpointsRepository } from './endpoints/endpoints.repository';
import { EndpointsService } from './endpoints/endpoints.service';
import { EventTypesRepository } from './event-types/event-types.repository';
import { EventTypesService } from './event-types/event-types.service';
import { RegistryEventStore } from './events/registry-event-store';
import { UidLock } from './events/uid-lock';
import { PortalTokensService } from './portal-tokens/portal-tokens.service';
import { RegistryProjectionRepository } from './projection/registry-projection.repository';
import { RegistryProjector } from './projection/registry-projector';
import { RegistryRpc } from './registry.rpc';
import { REGISTRY_DATA_SOURCE } from './registry.data-source';

/** Owns apps and endpoints: appends their events to REGISTRY and keeps the Postgres projection. */
@Module({})
export class EndpointRegistryModule {
  static forRoot(config: RegistryConfig, logger: Logger): DynamicModule {
    return {
      module: EndpointRegistryModule,
      imports: [
        LoggerModule.forRoot(logger),
        NatsModule.forRoot({ ...config.nats, clientName: 'endpoint-registry' }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), name: REGISTRY_DATA_SOURCE }),
      ],
      providers: [
        { provide: RegistryConfig, useValue: config },
        { provide: SecretBox, useValue: new SecretBox(config.masterKey) },
        RegistryProjectionRepository,
        RegistryProjector,
        RegistryEventStore,
        UidLock,
        ApplicationsRepository,
        ApplicationsService,
        EndpointsRepository,
        EndpointsService,
        EventTypesRepository,
        EventTypesService,
        ApiKeysService,
        PortalTokensService,
        RegistryRpc,
      ],
    };
  }
}
