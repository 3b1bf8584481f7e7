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
