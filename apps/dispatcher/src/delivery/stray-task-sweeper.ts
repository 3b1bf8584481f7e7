import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { RegistryFollower } from '@hookline/registry-model';

/** How often the work queues are checked for tasks of deleted endpoints, besides at start. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Purges the tasks of endpoints that no longer exist from RETRIES and DELIVERIES, whose tasks
 * never expire. Deleting an endpoint purges its tasks once, but a task routed or released just as
 * it was deleted, or the tasks of an endpoint deleted while no dispatcher ran, would otherwise
 * stay there for good, read by no lane. Replicas all sweep; purging twice is harmless.
 */
@Injectable()
export class StrayTaskSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.sweepInBackground();
    this.timer = setInterval(() => this.sweepInBackground(), SWEEP_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /**
   * Returns how many tasks it purged. Subjects are listed before the registry catch-up: a task
   * stored before the listing was routed to an endpoint whose creation the catch-up then shows,
   * so a task of an endpoint this replica has not seen yet is never taken for a stray.
   */
  async sweep(): Promise<number> {
    const [retries, deliveries] = await Promise.all([this.subjectsOf(StreamKind.Retries), this.subjectsOf(StreamKind.Deliveries)]);
    await this.registry.catchUp();
    const strayRetries = retries.filter((subject) => this.isStray(subject));
    // A stray retry released onto DELIVERIES since the listing is purged there too.
    const strayDeliveries = new Set([
      ...deliveries.filter((subject) => this.isStray(subject)),
      ...strayRetries.map((subject) => {
        const { orgId, appId, endpointId } = this.nats.names.parseTaskSubject(subject)!;
        return this.nats.names.delivery(orgId, appId, endpointId);
      }),
    ]);
    // RETRIES first, so that a retry released in between is found on DELIVERIES.
    let purged = await this.purge(StreamKind.Retries, strayRetries);
    purged += await this.purge(StreamKind.Deliveries, [...strayDeliveries]);
    if (purged > 0) this.logger.warn({ purged }, 'purged the tasks of deleted endpoints');
    return purged;
  }

  /** A task subject whose endpoint is not in the registry (subjects of another shape are left alone). */
  private isStray(subject: string): boolean {
    const task = this.nats.names.parseTaskSubject(subject);
    return task !== undefined && !this.registry.view.endpoint(task.endpointId);
  }

  private sweepInBackground(): void {
    this.sweeping ??= this.sweep()
      .then(() => undefined)
      .catch((error) => this.logger.error({ err: error }, 'could not sweep the tasks of deleted endpoints; trying again later'))
      .finally(() => (this.sweeping = undefined));
  }

  private async subjectsOf(kind: StreamKind): Promise<string[]> {
    const info = await this.nats.jsm.streams.info(this.nats.names.stream(kind), { subjects_filter: '>' });
    return Object.keys(info.state.subjects ?? {});
  }

  private async purge(kind: StreamKind, subjects: string[]): Promise<number> {
    let purged = 0;
    for (const filter of subjects) purged += (await this.nats.jsm.streams.purge(this.nats.names.stream(kind), { filter })).purged;
    return purged;
  }
}

