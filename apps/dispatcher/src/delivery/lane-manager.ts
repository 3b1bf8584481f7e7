import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { StreamKind } from '@hookline/contracts';
import { JetStreamWorker, NatsClients } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { RegistryFollower } from '@hookline/registry-model';
import { DispatcherConfig } from '../config/dispatcher.config';
import { CircuitBreaker } from './circuit-breaker';
import { EndpointLane } from './endpoint-lane';
import { InFlightBudget } from './in-flight-budget';
import { RateLimiter } from './rate-limiter';

const LANE_RETRY_MS = 1000;
/** A lane holding its whole concurrency asks for this many times it per pull (fewer pull renewals). */
const LANE_PULLS_AHEAD = 8;
/** The shared consumer of earlier versions; its filter overlaps the lanes', so it must go. */
const LEGACY_SHARED_CONSUMER = 'dispatcher';

/**
 * Keeps one EndpointLane per endpoint in step with the registry: created with the endpoint,
 * rebuilt when its concurrency or rate limit changes, removed (with its queued and retrying tasks) with it.
 */
@Injectable()
export class LaneManager implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lanes = new Map<string, EndpointLane>();
  private readonly pending = new Map<string, Promise<void>>();
  private handler?: (msg: JsMsg, lane: EndpointLane) => Promise<void>;
  private stopped = false;

  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly config: DispatcherConfig,
    private readonly inFlight: InFlightBudget,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Sets what runs each task; called once by the delivery service before bootstrap. */
  handleWith(handler: (msg: JsMsg, lane: EndpointLane) => Promise<void>): void {
    this.handler = handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.nats.jsm.consumers.delete(this.nats.names.stream(StreamKind.Deliveries), LEGACY_SHARED_CONSUMER).catch(() => undefined);
    this.registry.onEndpointChange((endpointId) => void this.reconcile(endpointId));
    await Promise.all(this.registry.view.allEndpoints().map((endpoint) => this.reconcile(endpoint.id)));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.pending.values()]);
    await Promise.all([...this.lanes.values()].map((lane) => lane.worker.stop()));
  }

  /** Serialises the changes of one endpoint's lane; a lane that fails to start is tried again. */
  private reconcile(endpointId: string): Promise<void> {
    const next = (this.pending.get(endpointId) ?? Promise.resolve())
      .then(() => this.apply(endpointId))
      .catch((error) => {
        this.logger.error({ err: error, endpointId }, 'could not set up the endpoint lane; retrying');
        if (!this.stopped) setTimeout(() => void this.reconcile(endpointId), LANE_RETRY_MS).unref();
      });
    this.pending.set(endpointId, next);
    return next;
  }

  private async apply(endpointId: string): Promise<void> {
    if (this.stopped) return;
    const endpoint = this.registry.view.endpoint(endpointId);
    const current = this.lanes.get(endpointId);
    const stream = this.nats.names.stream(StreamKind.Deliveries);
    if (!endpoint) {
      if (!current) return;
      this.lanes.delete(endpointId);
      await current.worker.stop();
      await this.nats.jsm.consumers.delete(stream, EndpointLane.consumerName(endpointId)).catch(() => undefined);
      // Tasks of a deleted endpoint would otherwise stay in the work queues forever: those waiting
      // for a retry would come back to a DELIVERIES subject no lane reads any more. RETRIES first,
      // so that one released in between is purged with DELIVERIES.
      await this.nats.jsm.streams.purge(this.nats.names.stream(StreamKind.Retries), { filter: current.retrySubject });
      await this.nats.jsm.streams.purge(stream, { filter: current.subject });
      return;
    }
    const settings = EndpointLane.settingsOf(endpoint, this.config.defaultMaxConcurrency);
    if (current?.settings === settings) return;
    await current?.worker.stop();
    const concurrency = EndpointLane.concurrencyOf(endpoint, this.config.defaultMaxConcurrency);
    const subject = this.nats.names.delivery(endpoint.orgId, endpoint.appId, endpoint.id);
    const worker: JetStreamWorker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      {
        stream,
        durable: EndpointLane.consumerName(endpoint.id),
        filterSubject: subject,
        ackWaitMs: 30_000,
        maxAckPending: concurrency,
        pullBatch: concurrency * LANE_PULLS_AHEAD,
        // Tasks a lane could not send soon (its share of the in-flight slots is small) stay in JetStream.
        maxHeld: () => this.inFlight.heldPerLane(),
        deferredAcks: this.nats.acks,
      },
      { mode: 'each', handle: (msg) => this.handler!(msg, lane) },
      this.logger,
    );
    const lane: EndpointLane = new EndpointLane(
      settings,
      subject,
      this.nats.names.retry(endpoint.orgId, endpoint.appId, endpoint.id),
      worker,
      new CircuitBreaker(this.config.circuitFailureThreshold, this.config.circuitOpenMs),
      endpoint.rateLimit ? new RateLimiter(endpoint.rateLimit) : undefined,
    );
    this.lanes.delete(endpoint.id);
    await worker.start();
    this.lanes.set(endpoint.id, lane);
  }
}
