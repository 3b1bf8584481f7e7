import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import { Logger } from 'pino';
import { StreamKind, parseRegistryEvent } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { StreamBarrier } from '@hookline/registry-model';
import { RegistryProjectionRepository } from './registry-projection.repository';

const RETRY_MS = 1000;

/**
 * Follows REGISTRY from the projection's checkpoint and applies each event to Postgres in order.
 * Every replica runs one; the checkpoint makes sure each event is applied once.
 */
@Injectable()
export class RegistryProjector implements OnModuleInit, OnModuleDestroy {
  private readonly barrier: StreamBarrier;
  private messages?: ConsumerMessages;
  private applying: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly nats: NatsClients,
    private readonly repository: RegistryProjectionRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const stream = nats.names.stream(StreamKind.Registry);
    this.barrier = new StreamBarrier(async () => (await nats.jsm.streams.info(stream)).state.last_seq);
  }

  async onModuleInit(): Promise<void> {
    const checkpoint = await this.repository.lastAppliedSeq();
    this.barrier.advance(checkpoint);
    const consumer = await this.nats.js.consumers.get(this.nats.names.stream(StreamKind.Registry), {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: checkpoint + 1,
    });
    this.messages = await consumer.consume({ callback: (message) => this.enqueue(message) });
    await this.barrier.catchUp();
    this.logger.info({ appliedSeq: this.barrier.appliedSeq }, 'registry projection caught up');
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.applying;
  }

  /** Resolves once the projection has applied the event at stream sequence `seq`. */
  waitFor(seq: number): Promise<void> {
    return this.barrier.waitFor(seq);
  }

  private enqueue(message: JsMsg): void {
    this.applying = this.applying.then(() => this.applyWithRetry(message));
  }

  /** Events must be applied in order, so a failing one is retried until the database is back. */
  private async applyWithRetry(message: JsMsg): Promise<void> {
    let event;
    try {
      event = parseRegistryEvent(message.json());
    } catch (error) {
      this.logger.error({ err: error, seq: message.seq }, 'skipping unreadable registry event');
      return this.barrier.advance(message.seq);
    }
    while (!this.stopped) {
      try {
        await this.repository.apply(message.seq, event);
        this.barrier.advance(message.seq);
        return;
      } catch (error) {
        this.logger.error({ err: error, seq: message.seq }, 'applying registry event failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
