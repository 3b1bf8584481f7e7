import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { JetStreamWorker, NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { RouterConfig } from '../config/router.config';
import { MessageRouterService } from './message-router.service';

/** Feeds MESSAGES to the router in batches through the shared durable consumer `router`. */
@Injectable()
export class RoutingWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: JetStreamWorker;

  constructor(nats: NatsClients, config: RouterConfig, router: MessageRouterService, @Inject(LOGGER) logger: Logger) {
    this.worker = new JetStreamWorker(
      nats.js,
      nats.jsm,
      { stream: nats.names.stream(StreamKind.Messages), durable: 'router', ackWaitMs: 30_000, maxAckPending: config.maxPending, deferredAcks: nats.acks },
      { mode: 'batch', handle: (batch) => router.route(batch, (msg) => this.worker.ack(msg)) },
      logger,
    );
  }

  onApplicationBootstrap(): Promise<void> {
    return this.worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.worker.stop();
  }
}
