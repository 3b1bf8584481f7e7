import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { NatsNames } from '@hookline/contracts';
import { DeferredAcks } from './deferred-acks';
import { JetStreamPublisher } from './jetstream-publisher';
import { connectNats } from './nats-connection';
import { provisionStreams } from './streams';

/** nats-server's max_payload when its configuration does not set one. */
const NATS_DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/** One service's NATS connection, its JetStream contexts and the names it uses. */
export class NatsClients {
  /** Publishes to streams; use it rather than `js.publish` on paths that publish per message. */
  readonly publisher: JetStreamPublisher;
  /** Acks that travel with the next publish; see DeferredAcks. */
  readonly acks = new DeferredAcks();

  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly names: NatsNames,
  ) {
    this.publisher = new JetStreamPublisher(nc, { beforePublish: () => this.acks.flush() });
  }

  /**
   * The largest message the server takes (its max_payload). Known once connected, as connecting
   * waits for the server's INFO; the server's default until then.
   */
  get maxPayloadBytes(): number {
    return this.nc.info?.max_payload ?? NATS_DEFAULT_MAX_PAYLOAD;
  }
}

export interface NatsModuleOptions {
  url: string;
  names: NatsNames;
  /** Connection name shown by the NATS server (the service name). */
  clientName: string;
}

/** How long shutdown waits for the acks of publishes in flight. */
const SHUTDOWN_ACK_WAIT_MS = 5_000;

@Injectable()
class NatsShutdown implements OnApplicationShutdown {
  constructor(@Inject(NatsClients) private readonly clients: NatsClients) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      // Draining ends the ack subscription: publishes still waiting for their ack get it first.
      await this.clients.publisher.settled(SHUTDOWN_ACK_WAIT_MS);
      // Acks still held go out before the drain, so a clean stop redelivers nothing.
      this.clients.acks.flush();
      if (!this.clients.nc.isClosed()) await this.clients.nc.drain();
    } finally {
      this.clients.publisher.close();
    }
  }
}

/** Connects at start-up, provisions the streams idempotently, and drains the connection at shutdown. */
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [
        {
          provide: NatsClients,
          useFactory: async () => {
            const nc = await connectNats(options.url, options.clientName);
            const jsm = await nc.jetstreamManager();
            await provisionStreams(jsm, options.names);
            return new NatsClients(nc, nc.jetstream(), jsm, options.names);
          },
        },
        NatsShutdown,
      ],
      exports: [NatsClients],
    };
  }
}
