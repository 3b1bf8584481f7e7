import { Injectable, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Logger } from 'pino';
import { NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { RegistryFollower } from './registry-follower';

/** Starts a service's RegistryFollower before the service takes work, and stops it at shutdown. */
@Injectable()
export class RegistryFollowerLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly follower: RegistryFollower) {}

  onModuleInit(): Promise<void> {
    return this.follower.start();
  }

  onModuleDestroy(): void {
    this.follower.stop();
  }
}

/** Provides the in-memory registry view; import it beside a NatsModule. */
@Module({
  providers: [
    {
      provide: RegistryFollower,
      inject: [NatsClients, LOGGER],
      useFactory: (nats: NatsClients, logger: Logger) => new RegistryFollower(nats.js, nats.jsm, nats.names, logger),
    },
    RegistryFollowerLifecycle,
  ],
  exports: [RegistryFollower],
})
export class RegistryFollowerModule {}
