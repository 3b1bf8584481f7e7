import { Injectable } from '@nestjs/common';
import { AttemptLogOp, IdempotencyClaim } from '@hookline/contracts';
import { ServiceClients } from '../clients/service-clients';

/**
 * Remembers the first 2xx response per idempotency key for 12 h, in PostgreSQL through the
 * attempt log (so every gateway replica sees it). A key is claimed atomically by the first request,
 * and only the claim holding it completes or releases it.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly services: ServiceClients) {}

  /** Claims the key for this request, or returns what the first request left there; `waiting`: asked again while that one runs. */
  claim(key: string, orgId: string, waiting = false): Promise<IdempotencyClaim> {
    return this.services.attemptLog(AttemptLogOp.ClaimIdempotencyKey, { key, orgId, waiting });
  }

  async complete(key: string, claimId: string, status: number, body: string): Promise<void> {
    await this.services.attemptLog(AttemptLogOp.CompleteIdempotencyKey, { key, claimId, status, body });
  }

  /** Frees the key after a failed request, so a retry runs anew (only 2xx responses are replayed). */
  async release(key: string, claimId: string): Promise<void> {
    await this.services.attemptLog(AttemptLogOp.ReleaseIdempotencyKey, { key, claimId });
  }
}
