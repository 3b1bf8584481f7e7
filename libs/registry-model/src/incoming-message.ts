import { JsMsg } from 'nats';
import { HooklineError, MessageIn, deliveryTaskFits, jsonMemberBytes, messageIdFromStream, validateFlatInput } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { RegistryView } from './registry-view';

/** Header with which the gateway passes the id it already answered with. */
export const MESSAGE_ID_HEADER = 'Hookline-Msg-Id';
/** Header with which send-example addresses one endpoint only. */
export const ONLY_ENDPOINT_HEADER = 'Hookline-Only-Endpoint';
const MESSAGE_ID = /^msg_[0-9A-Za-z]{22}$/;
/** The reason code of a message whose app the view does not know. */
export const UNKNOWN_APP = 'unknown_app';
/** The reason code of a message whose payload no delivery task could carry. */
const TOO_LARGE = 'too_large';

/** A message from the MESSAGES stream that passed validation, with its app resolved. */
export interface AcceptedMessage {
  id: string;
  orgId: string;
  appId: string;
  eventType: string;
  eventId: string | null;
  channels: string[] | null;
  /** The payload exactly as the producer wrote it (JSON text, UTF-8): what receivers get. */
  payloadJson: Uint8Array;
  /** Set by send-example: deliver to this endpoint only. */
  onlyEndpointId: string | null;
  /** Acceptance time (JetStream's), epoch milliseconds. */
  acceptedAt: number;
  streamSeq: number;
}

const encoder = new TextEncoder();

export type IncomingMessage =
  | { accepted: true; message: AcceptedMessage }
  | { accepted: false; reason: string; reasonCode: string; orgId: string | null; appRef: string | null };

/**
 * Reads one MESSAGES entry the same way in every consumer (router, attempt log): the subject names
 * the org and app, the body is a MessageIn whose payload fits in a delivery task of at most
 * the server's max_payload. Anything else is rejected with a reason.
 */
export function readIncomingMessage(msg: JsMsg, nats: Pick<NatsClients, 'names' | 'maxPayloadBytes'>, view: RegistryView): IncomingMessage {
  const target = nats.names.parseMessageSubject(msg.subject);
  const reject = (reasonCode: string, reason: string): IncomingMessage => ({
    accepted: false,
    reasonCode,
    reason,
    orgId: target?.orgId ?? null,
    appRef: target?.appRef ?? null,
  });
  if (!target) return reject('bad_subject', `subject ${msg.subject} is not <root>.msg.<org>.<app>`);
  let input: MessageIn;
  try {
    input = validateFlatInput(MessageIn, msg.json());
  } catch (error) {
    return error instanceof HooklineError
      ? reject('validation', `invalid MessageIn: ${error.message}`)
      : reject('bad_json', 'body is not valid JSON');
  }
  const app = view.findApp(target.orgId, target.appRef);
  if (!app) return reject(UNKNOWN_APP, `application ${target.appRef} does not exist in org ${target.orgId}`);
  // The payload validated, so the scan finds it; were it not to, re-serialising beats losing it.
  const payloadJson = jsonMemberBytes(msg.data, 'payload') ?? encoder.encode(JSON.stringify(input.payload));
  // Only a direct NATS publish can get here with such a payload: the API refuses it with 413.
  const { maxPayloadBytes } = nats;
  if (!deliveryTaskFits(payloadJson.length, maxPayloadBytes)) {
    return reject(TOO_LARGE, `payload of ${payloadJson.length} bytes is too large to deliver (NATS max_payload is ${maxPayloadBytes} bytes, task fields included)`);
  }
  const acceptedAt = Math.floor(msg.info.timestampNanos / 1e6);
  const givenId = msg.headers?.get(MESSAGE_ID_HEADER);
  return {
    accepted: true,
    message: {
      id: givenId && MESSAGE_ID.test(givenId) ? givenId : messageIdFromStream(acceptedAt, msg.seq),
      orgId: app.orgId,
      appId: app.id,
      eventType: input.eventType,
      eventId: input.eventId ?? null,
      channels: input.channels ?? null,
      payloadJson,
      onlyEndpointId: msg.headers?.get(ONLY_ENDPOINT_HEADER) || null,
      acceptedAt,
      streamSeq: msg.seq,
    },
  };
}
