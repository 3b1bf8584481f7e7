import { Injectable } from '@nestjs/common';
import { AttemptTrigger, DeliveryTask, HooklineError, newId } from '@hookline/contracts';
import { MessageEntity } from '@hookline/database';
import { NatsClients, encodeDeliveryTask } from '@hookline/messaging';
import { AppResolver } from '../app-resolver';
import { MessagesRepository } from '../messages/messages.repository';

/** Failed messages are looked up and enqueued again this many at a time. */
export const RECOVER_PAGE_SIZE = 1_000;

/** The time window a recover covers: [since, until). */
export interface RecoverWindow {
  since: Date;
  until: Date;
}

/** Manual redelivery: one message to one endpoint (resend), or a page of what failed in a time window (recover). */
@Injectable()
export class RedeliveryService {
  constructor(
    private readonly nats: NatsClients,
    private readonly apps: AppResolver,
    private readonly messages: MessagesRepository,
  ) {}

  async resend(orgId: string, appRef: string, msgRef: string, endpointRef: string): Promise<void> {
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    const message = await this.messages.findByRef(endpoint.appId, msgRef);
    if (!message) throw HooklineError.notFound('Message');
    const payloads = await this.messages.payloadTexts(endpoint.appId, [message.id]);
    await this.enqueue(message, endpoint.id, payloads.get(message.id), `manual:${newId('qtask')}`);
  }

  /**
   * Enqueues one page of the endpoint's failed messages in `window` after `afterId`; the id to
   * continue after, or undefined on the last page. By id, not by offset: messages that succeed
   * meanwhile leave the set without shifting it. Each task's `Nats-Msg-Id` names the recover and
   * the message, so a page enqueued twice by the same recover within JetStream's duplicate window
   * (a run taken over right after it enqueued) is stored once.
   */
  async enqueueFailedPage(recoverId: string, appId: string, endpointId: string, window: RecoverWindow, afterId?: string): Promise<string | undefined> {
    const failed = await this.messages.failedFor(appId, endpointId, window.since, window.until, RECOVER_PAGE_SIZE, afterId);
    const payloads = await this.messages.payloadTexts(appId, failed.map((message) => message.id));
    await Promise.all(failed.map((message) => this.enqueue(message, endpointId, payloads.get(message.id), `${recoverId}:${message.id}`)));
    return failed.length < RECOVER_PAGE_SIZE ? undefined : failed[failed.length - 1].id;
  }

  /** `payload`: the logged payload as PostgreSQL writes it, whose numbers keep every digit. */
  private async enqueue(message: MessageEntity, endpointId: string, payload: string | null | undefined, dedupId: string): Promise<void> {
    const task: DeliveryTask = {
      msgId: message.id,
      orgId: message.orgId,
      appId: message.appId,
      endpointId,
      eventType: message.eventType,
      eventId: message.eventId,
      payload: payload ?? '{}',
      acceptedAt: message.createdAt.getTime(),
      trigger: AttemptTrigger.Manual,
      attempt: 1,
    };
    const { data, headers } = encodeDeliveryTask(task);
    await this.nats.publisher.publish(this.nats.names.delivery(message.orgId, message.appId, endpointId), data, { headers, msgID: dedupId });
  }
}
