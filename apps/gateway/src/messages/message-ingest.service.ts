import { Injectable } from '@nestjs/common';
import { headers as natsHeaders } from 'nats';
import {
  AttemptLogOp,
  HooklineError,
  IDEMPOTENCY_HEADERS,
  MessageIn,
  MessageOut,
  createdMessageOut,
  deliveryTaskFits,
  newId,
  validateFlatInput,
  withRawJsonMember,
} from '@hookline/contracts';
import { CoalescingPublisher, NatsClients, encodeJson } from '@hookline/messaging';
import { messagesAccepted } from '@hookline/observability';
import { MESSAGE_ID_HEADER, ONLY_ENDPOINT_HEADER, RegistryFollower } from '@hookline/registry-model';
import { ServiceClients } from '../clients/service-clients';
import { HeldIdempotencyKey } from '../idempotency/idempotency.hooks';

export interface IngestOptions {
  /** The payload exactly as the client wrote it (JSON text): receivers get these bytes. */
  payloadJson?: string;
  /** send-example: deliver to this endpoint of the app only. */
  onlyEndpointId?: string;
  /** The request's idempotency-key: the message log stores the response under it with the message. */
  idempotency?: HeldIdempotencyKey;
}

/**
 * Accepts a message: validates it, resolves the app, and publishes it to MESSAGES. The reply is
 * sent only after JetStream acknowledged the write (accepted means durable).
 */
@Injectable()
export class MessageIngestService {
  private readonly publisher: CoalescingPublisher;

  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly services: ServiceClients,
  ) {
    this.publisher = new CoalescingPublisher(nats.publisher);
  }

  async accept(orgId: string, appRef: string, body: unknown, options: IngestOptions = {}): Promise<MessageOut> {
    const { payloadJson, onlyEndpointId, idempotency } = options;
    const input = validateFlatInput(MessageIn, body);
    const app = await this.registry.findApp(orgId, appRef);
    if (!app) throw HooklineError.notFound('Application');

    const message = { eventType: input.eventType, payload: input.payload, eventId: input.eventId ?? null, channels: input.channels ?? null };
    // The client's payload text is spliced in, rather than the parsed value serialised again.
    const data = payloadJson ? Buffer.from(withRawJsonMember({ ...message, payload: undefined }, 'payload', payloadJson)) : encodeJson(message);
    // The message, and each delivery task made of its payload, must fit in one NATS message.
    if (!deliveryTaskFits(data.length, this.nats.maxPayloadBytes)) {
      throw new HooklineError(413, 'payload_too_large', 'payload is too large to deliver (the limit is the message bus max_payload, 1 MB by default)');
    }
    const id = newId('msg');
    const headers = natsHeaders();
    headers.set(MESSAGE_ID_HEADER, id);
    if (onlyEndpointId) headers.set(ONLY_ENDPOINT_HEADER, onlyEndpointId);
    const timestamp = new Date().toISOString();
    if (idempotency) {
      headers.set(IDEMPOTENCY_HEADERS.key, idempotency.key);
      headers.set(IDEMPOTENCY_HEADERS.claimId, idempotency.claimId);
      headers.set(IDEMPOTENCY_HEADERS.answeredAt, timestamp);
    }
    // An eventId is unique per app: the log knows the ones it stored; JetStream's dedup window
    // (the eventId doubles as Nats-Msg-Id) covers those still on their way to it.
    if (message.eventId && (await this.services.attemptLog<boolean>(AttemptLogOp.EventIdTaken, { appId: app.id, eventId: message.eventId }))) {
      throw HooklineError.conflict(`a message with eventId ${message.eventId} was already sent`);
    }
    const dedupId = message.eventId ? `${app.id}:${message.eventId}` : id;
    const ack = await this.publisher.publish(this.nats.names.message(orgId, app.id), data, { msgID: dedupId, headers });
    if (ack.duplicate) throw HooklineError.conflict(`a message with eventId ${message.eventId} was already sent`);
    messagesAccepted.inc();
    if (idempotency) idempotency.settledByMessage = true;
    return createdMessageOut(id, message, timestamp);
  }
}
