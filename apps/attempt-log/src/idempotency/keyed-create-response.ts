import { JsMsg } from 'nats';
import { IDEMPOTENCY_HEADERS, MESSAGE_CREATED_STATUS, createdMessageOut, keptResponse } from '@hookline/contracts';
import { AcceptedMessage } from '@hookline/registry-model';

const KEY = /^[0-9a-f]{64}$/;
const CLAIM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The response of a keyed message create, to keep under its key; the columns of `IdempotencyKeysRepository.complete`. */
export interface KeyedCreateResponse {
  key: string;
  claimId: string;
  status: number;
  body: string;
  msgId: string;
}

/**
 * The response the gateway answered a keyed create with, rebuilt from the message and the claim
 * headers it published with it (IDEMPOTENCY_HEADERS); undefined for a message without them, or
 * with headers no gateway writes (a direct NATS publish), which then settle nothing.
 */
export function keyedCreateResponse(msg: JsMsg, message: AcceptedMessage, payloadJson: string): KeyedCreateResponse | undefined {
  // Every message passes here; most carry no key, and stop at the first header.
  const key = msg.headers?.get(IDEMPOTENCY_HEADERS.key);
  if (!key || !KEY.test(key)) return undefined;
  const claimId = msg.headers!.get(IDEMPOTENCY_HEADERS.claimId);
  const answeredAt = msg.headers!.get(IDEMPOTENCY_HEADERS.answeredAt);
  if (!CLAIM_ID.test(claimId) || Number.isNaN(Date.parse(answeredAt))) return undefined;
  const { id, eventType, eventId, channels } = message;
  // Parsed and written again, as the gateway's reply wrote the payload it parsed.
  const body = JSON.stringify(createdMessageOut(id, { eventType, payload: JSON.parse(payloadJson), eventId, channels }, answeredAt));
  return { key, claimId, ...keptResponse(MESSAGE_CREATED_STATUS, body), msgId: id };
}
