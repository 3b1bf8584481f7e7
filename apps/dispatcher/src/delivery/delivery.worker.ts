import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { JetStreamWorker, NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { DispatcherConfig } from '../config/dispatcher.config';
import { DeliveryService } from './delivery.service';

/** Runs deliveries concurrently from the DELIVERIES work queue (durable consumer `dispatcher`). */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: JetStreamWorker;

  constructor(nats: NatsClients, config: DispatcherConfig, delivery: DeliveryService, @Inject(LOGGER) logger: Logger) {
    this.worker = new JetStreamWorker(
      nats.js,
      nats.jsm,
      { stream: nats.names.stream(StreamKind.Deliveries), durable: 'dispatcher', ackWaitMs: 30_000, maxAckPending: config.maxPending },
      { mode: 'each', handle: (msg) => delivery.deliver(msg) },
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
