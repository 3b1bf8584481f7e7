/** What an `idempotency-key` holds: a request still running, or the first 2xx response, replayed for 12 h. */
export type IdempotencyRecord = { state: 'pending' } | { state: 'done'; status: number; body: string };

/**
 * The answer to a claim: this request runs (and settles the key with `claimId`), or another
 * request has it and this is what it left there so far.
 */
export type IdempotencyClaim = { claimed: true; claimId: string } | { claimed: false; record: IdempotencyRecord };

export interface IdempotencyKeyRequest {
  /** A digest of the caller's credential, the route and the header's value: never the credential itself. */
  key: string;
}

export interface IdempotencyClaimRequest extends IdempotencyKeyRequest {
  /** The caller's org. */
  orgId: string;
  /** The caller already found the key held and is waiting for that request's response. */
  waiting?: boolean;
}

export interface IdempotencySettleRequest extends IdempotencyKeyRequest {
  claimId: string;
}

export interface IdempotencyCompleteRequest extends IdempotencySettleRequest {
  status: number;
  body: string;
}

/** The claims gateways made in one turn of their event loop, answered in order. */
export interface IdempotencyClaimsRequest {
  claims: IdempotencyClaimRequest[];
}

/** The responses gateways finished in one turn of their event loop. */
export interface IdempotencyCompletionsRequest {
  responses: IdempotencyCompleteRequest[];
}

/**
 * A keyed `POST /app/{app}/msg` carries its claim into MESSAGES in these headers, and the message
 * log stores the create's response under the key when it stores the message: the publish that
 * makes the message durable also settles the key, so a gateway that stops between its publish
 * and its reply leaves the retry a response to replay, not a key to take over and a second message.
 */
export const IDEMPOTENCY_HEADERS = {
  key: 'Hookline-Idempotency-Key',
  claimId: 'Hookline-Idempotency-Claim',
  /** The `timestamp` of the create's response, so that the stored one is the same. */
  answeredAt: 'Hookline-Answered-At',
} as const;

/** The status of a message create (`POST /app/{app}/msg`). */
export const MESSAGE_CREATED_STATUS = 201;

/**
 * A larger response (a message create echoing a payload of hundreds of KB) is not kept: its
 * replays answer 409 instead, which tells the caller the first request went through without
 * running it twice. Kept bodies travel in one NATS message, whose max_payload is 1 MB by default.
 */
const MAX_KEPT_RESPONSE_BYTES = 256 * 1024;

/** What is kept for replay of a 2xx response. */
export function keptResponse(status: number, body: string): { status: number; body: string } {
  if (Buffer.byteLength(body) <= MAX_KEPT_RESPONSE_BYTES) return { status, body };
  const detail = `the first request with this idempotency-key succeeded (${status}), but its response was too large to keep for replay`;
  return { status: 409, body: JSON.stringify({ code: 'conflict', detail }) };
}
