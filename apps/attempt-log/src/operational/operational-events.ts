import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { headers as natsHeaders } from 'nats';
import { Logger } from 'pino';
import { newId } from '@hookline/contracts';
import { NatsClients, encodeJson } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { MESSAGE_ID_HEADER, RegistryFollower } from '@hookline/registry-model';
import { AttemptLogConfig } from '../config/attempt-log.config';

export type OperationalEventType = 'message.attempt.exhausted' | 'endpoint.disabled';

/** The fact an operational event reports: a name that identifies it, and when it happened. */
export interface OperationalFact {
  id: string;
  at: Date;
}

/**
 * Operational webhooks: events about Hookline itself are sent as ordinary messages to the org's
 * operational app (uid `hookline-operational` by default), so operators subscribe endpoints to
 * them and get signing, retries and the attempt log like any other webhook.
 */
@Injectable()
export class OperationalEvents {
  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly config: AttemptLogConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The org's operational app id, if the org has one. */
  operationalAppId(orgId: string): string | undefined {
    return this.registry.view.findApp(orgId, this.config.operationalAppUid)?.id;
  }

  /**
   * Reports `fact`. A second report of it (the attempt log handling a batch again after a failure)
   * is dropped by JetStream within its duplicate window (2 minutes); later, it reaches operators
   * under the first one's message id, made of the fact's name and time, and receivers dedupe it on
   * `webhook-id` as any redelivery.
   */
  async emit(orgId: string, eventType: OperationalEventType, data: Record<string, unknown>, fact: OperationalFact): Promise<void> {
    const appId = this.operationalAppId(orgId);
    // Nothing about the operational app itself is reported to it: a failing operator endpoint would feed itself.
    if (!appId || data.appId === appId) return;
    const message = encodeJson({ eventType, payload: { type: eventType, data } });
    const headers = natsHeaders();
    headers.set(MESSAGE_ID_HEADER, newId('msg', fact.at.getTime(), createHash('sha256').update(fact.id).digest().subarray(0, 10)));
    await this.nats.publisher.publish(this.nats.names.message(orgId, appId), message, { msgID: `operational:${fact.id}`, headers });
    this.logger.info({ orgId, eventType, ...data }, 'operational event');
  }
}
