import { EndpointState } from '@hookline/contracts';
import { JetStreamWorker } from '@hookline/messaging';
import { CircuitBreaker } from './circuit-breaker';
import { RateLimiter } from './rate-limiter';

/**
 * One endpoint's own way through the dispatcher: a durable consumer on its DELIVERIES subject
 * whose `max_ack_pending` is the endpoint's concurrency (1 for FIFO), so a slow or failing
 * endpoint only ever holds its own slots, plus its circuit and its rate limit.
 */
export class EndpointLane {
  constructor(
    readonly settings: string,
    /** The endpoint's DELIVERIES subject. */
    readonly subject: string,
    /** The endpoint's RETRIES subject, where its tasks wait for their next attempt. */
    readonly retrySubject: string,
    readonly worker: JetStreamWorker,
    readonly breaker: CircuitBreaker,
    readonly limiter: RateLimiter | undefined,
  ) {}

  static consumerName(endpointId: string): string {
    return `lane_${endpointId}`;
  }

  /** What, when changed, needs a new lane. */
  static settingsOf(endpoint: EndpointState, defaultConcurrency: number): string {
    return JSON.stringify([EndpointLane.concurrencyOf(endpoint, defaultConcurrency), endpoint.rateLimit]);
  }

  static concurrencyOf(endpoint: EndpointState, defaultConcurrency: number): number {
    return endpoint.ordering === 'fifo' ? 1 : (endpoint.maxConcurrency ?? defaultConcurrency);
  }
}
