import { Injectable } from '@nestjs/common';
import { AttemptTrigger, DeliveryTask, HooklineError, RecoverIn, RecoverOut, newId, validateInput } from '@hookline/contracts';
import { MessageEntity } from '@hookline/database';
import { NatsClients, encodeDeliveryTask } from '@hookline/messaging';
import { AppResolver } from '../app-resolver';
import { MessagesRepository } from '../messages/messages.repository';

/** Failed messages are looked up and enqueued again this many at a time. */
export const RECOVER_PAGE_SIZE = 1_000;

/** Manual redelivery: one message to one endpoint (resend), or everything that failed since a time (recover). */
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
    await this.enqueue(message, endpoint.id, payloads.get(message.id));
  }

  async recover(orgId: string, appRef: string, endpointRef: string, body: unknown): Promise<RecoverOut> {
    const input = validateInput(RecoverIn, body);
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    const until = input.until ? new Date(input.until) : new Date();
    // Page by id, not by offset: messages that succeed meanwhile leave the set without shifting it.
    for (let afterId: string | undefined; ; ) {
      const failed = await this.messages.failedFor(endpoint.appId, endpoint.id, new Date(input.since), until, RECOVER_PAGE_SIZE, afterId);
      const payloads = await this.messages.payloadTexts(endpoint.appId, failed.map((message) => message.id));
      await Promise.all(failed.map((message) => this.enqueue(message, endpoint.id, payloads.get(message.id))));
      if (failed.length < RECOVER_PAGE_SIZE) break;
      afterId = failed[failed.length - 1].id;
    }
    return { id: newId('qtask'), status: 'finished', task: 'endpoint.recover' };
  }

  /** `payload`: the logged payload as PostgreSQL writes it, whose numbers keep every digit. */
  private async enqueue(message: MessageEntity, endpointId: string, payload: string | null | undefined): Promise<void> {
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
    await this.nats.publisher.publish(this.nats.names.delivery(message.orgId, message.appId, endpointId), data, { headers, msgID: `manual:${newId('qtask')}` });
  }
}
