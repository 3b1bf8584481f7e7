import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { JetStreamWorker, NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { AttemptLogService } from './attempts/attempt-log.service';
import { AttemptLogConfig } from './config/attempt-log.config';
import { MESSAGE_LOG_CONSUMER, MessageLogService } from './messages/message-log.service';

/** Feeds MESSAGES and ATTEMPTS to the log in batches (durable consumers shared by replicas). */
@Injectable()
export class AttemptLogWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly workers: JetStreamWorker[];

  constructor(nats: NatsClients, config: AttemptLogConfig, messages: MessageLogService, attempts: AttemptLogService, @Inject(LOGGER) logger: Logger) {
    const options = (kind: StreamKind, durable: string) => ({
      stream: nats.names.stream(kind),
      durable,
      ackWaitMs: 30_000,
      maxAckPending: config.maxPending,
      lingerMs: config.lingerMs,
    });
    this.workers = [
      new JetStreamWorker(nats.js, nats.jsm, options(StreamKind.Messages, MESSAGE_LOG_CONSUMER), { mode: 'batch', handle: (batch) => messages.record(batch) }, logger),
      new JetStreamWorker(nats.js, nats.jsm, options(StreamKind.Attempts, 'attempt-log-attempts'), { mode: 'batch', handle: (batch) => attempts.record(batch) }, logger),
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.start()));
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}
