import { Injectable } from '@nestjs/common';
import { EndpointMessageOut, EndpointStatsOut, HooklineError, ListParams, ListResponse, MessageEndpointOut } from '@hookline/contracts';
import { KeysetPage } from '@hookline/database';
import { AppResolver } from '../app-resolver';
import { MessagesRepository } from '../messages/messages.repository';
import { toMessageOut } from '../messages/message-log.service';
import { DeliveryStatusRepository, deliveryStatus } from './delivery-status.repository';

/** Where each message stands per endpoint (Svix's "destinations"), and per-endpoint totals. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly apps: AppResolver,
    private readonly messages: MessagesRepository,
    private readonly deliveries: DeliveryStatusRepository,
  ) {}

  async stats(orgId: string, appRef: string, endpointRef: string): Promise<EndpointStatsOut> {
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    return { ...(await this.deliveries.stats(endpoint.appId, endpoint.id)), sending: 0 };
  }

  async endpointsOfMessage(orgId: string, appRef: string, msgRef: string): Promise<ListResponse<MessageEndpointOut>> {
    const app = await this.apps.require(orgId, appRef);
    const message = await this.messages.findByRef(app.id, msgRef);
    if (!message) throw HooklineError.notFound('Message');
    const rows = await this.deliveries.forMessage(app.id, message.id);
    const endpoints = await this.apps.endpointsById(app, rows.map((row) => row.endpoint_id));
    const data: MessageEndpointOut[] = [];
    for (const row of rows) {
      // An endpoint deleted since keeps its attempts but is no longer listed.
      const endpoint = endpoints.get(row.endpoint_id);
      if (!endpoint) continue;
      const { id, uid, url, description, disabled, createdAt, updatedAt } = endpoint;
      data.push({ id, uid, url, description, disabled, status: deliveryStatus(row), nextAttempt: null, createdAt, updatedAt });
    }
    return { data, iterator: null, prevIterator: null, done: true };
  }

  async messagesOfEndpoint(orgId: string, appRef: string, endpointRef: string, params: ListParams): Promise<ListResponse<EndpointMessageOut>> {
    const endpoint = await this.apps.requireEndpoint(orgId, appRef, endpointRef);
    const page = new KeysetPage(params, 'DESC');
    const rows = await this.deliveries.forEndpoint(endpoint.appId, endpoint.id, page);
    const messages = new Map((await this.messages.findMany(endpoint.appId, rows.map((row) => row.msg_id))).map((m) => [m.id, m]));
    const listed = page.toResponse(rows, (row) => row.id, (row) => row);
    return {
      ...listed,
      data: listed.data
        .filter((row) => messages.has(row.msg_id))
        .map((row) => ({ ...toMessageOut(messages.get(row.msg_id)!), status: deliveryStatus(row), nextAttempt: null })),
    };
  }
}
