import { Injectable } from '@nestjs/common';
import { AttemptLogOp, IdempotencyClaim, IdempotencyClaimRequest, IdempotencyCompleteRequest, keptResponse } from '@hookline/contracts';
import { ServiceClients } from '../clients/service-clients';
import { TurnBatcher } from './turn-batcher';

/** Claims and responses per request to the attempt log; responses are bounded in bytes, well within NATS's max_payload. */
const MAX_BATCH_COUNT = 200;
const MAX_CLAIM_BATCH_BYTES = 64 * 1024;
const MAX_RESPONSE_BATCH_BYTES = 256 * 1024;
/**
 * Responses are stored after the reply went out (a retry that comes first waits for them), so they
 * can wait a little for others: larger batches, fewer round trips. Keyed ingest (svix SDK) went
 * from about 3,300 to 3,900-4,100 requests/s in `npm run bench`, when message creates still
 * stored their responses here; now the other POSTs do.
 */
const RESPONSE_LINGER_MS = 10;
/**
 * Remembers the first 2xx response per idempotency key for 12 h, in PostgreSQL through the
 * attempt log (so every gateway replica sees it). A key is claimed atomically by the first request,
 * and only the claim holding it completes or releases it. Claims made in the same turn of the event
 * loop travel together, and responses within RESPONSE_LINGER_MS of each other: the svix SDK sends a key with
 * every POST, and one round trip and one statement each per request capped ingest at about a
 * seventh of its rate. A message create's response does not come here: the message log stores it
 * with the message (IDEMPOTENCY_HEADERS).
 */
@Injectable()
export class IdempotencyStore {
  private readonly claims: TurnBatcher<IdempotencyClaimRequest, IdempotencyClaim>;
  private readonly responses: TurnBatcher<IdempotencyCompleteRequest, void>;

  constructor(private readonly services: ServiceClients) {
    this.claims = new TurnBatcher((claims) => this.services.attemptLog<IdempotencyClaim[]>(AttemptLogOp.ClaimIdempotencyKeys, { claims }), {
      maxCount: MAX_BATCH_COUNT,
      maxBytes: MAX_CLAIM_BATCH_BYTES,
      sizeOf: (claim) => claim.key.length + claim.orgId.length + 32,
    });
    this.responses = new TurnBatcher<IdempotencyCompleteRequest, void>(
      async (responses) => {
        await this.services.attemptLog(AttemptLogOp.CompleteIdempotencyKeys, { responses });
        return responses.map(() => undefined);
      },
      { maxCount: MAX_BATCH_COUNT, maxBytes: MAX_RESPONSE_BATCH_BYTES, sizeOf: (response) => response.body.length + 128, lingerMs: RESPONSE_LINGER_MS },
    );
  }

  /** Claims the key for this request, or returns what the first request left there; `waiting`: asked again while that one runs. */
  claim(key: string, orgId: string, waiting = false): Promise<IdempotencyClaim> {
    return this.claims.call({ key, orgId, waiting });
  }

  complete(key: string, claimId: string, status: number, body: string): Promise<void> {
    return this.responses.call({ key, claimId, ...keptResponse(status, body) });
  }

  /** Frees the key after a failed request, so a retry runs anew (only 2xx responses are replayed). */
  async release(key: string, claimId: string): Promise<void> {
    await this.services.attemptLog(AttemptLogOp.ReleaseIdempotencyKey, { key, claimId });
  }

  /** Stores the responses still waiting, before the gateway stops. */
  drain(): Promise<void> {
    return this.responses.drain();
  }
}
