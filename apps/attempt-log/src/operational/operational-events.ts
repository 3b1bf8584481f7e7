import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { NatsClients, encodeJson } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { RegistryFollower } from '@hookline/registry-model';
import { AttemptLogConfig } from '../config/attempt-log.config';

export type OperationalEventType = 'message.attempt.exhausted' | 'endpoint.disabled';

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
   * `dedupId` names the fact reported: when the attempt log handles a batch again after a failure
   * within JetStream's duplicate window (2 minutes), the second report is dropped instead of
   * reaching operators under a new message id.
   */
  async emit(orgId: string, eventType: OperationalEventType, data: Record<string, unknown>, dedupId?: string): Promise<void> {
    const appId = this.operationalAppId(orgId);
    // Nothing about the operational app itself is reported to it: a failing operator endpoint would feed itself.
    if (!appId || data.appId === appId) return;
    const message = encodeJson({ eventType, payload: { type: eventType, data } });
    await this.nats.publisher.publish(this.nats.names.message(orgId, appId), message, dedupId ? { msgID: `operational:${dedupId}` } : {});
    this.logger.info({ orgId, eventType, ...data }, 'operational event');
  }
}
