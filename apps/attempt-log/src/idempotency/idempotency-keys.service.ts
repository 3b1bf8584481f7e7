import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { IdempotencyClaim, IdempotencyClaimRequest, IdempotencyCompleteRequest, IdempotencySettleRequest } from '@hookline/contracts';
import { LOGGER } from '@hookline/observability';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** How often expired keys are deleted; a claim already treats them as free, so this only bounds the table. */
const PURGE_EVERY_MS = 10 * 60_000;

/** The gateway's `idempotency-key` store: claims, responses kept for replay, and their expiry. */
@Injectable()
export class IdempotencyKeysService implements OnApplicationBootstrap, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Claims the key for the calling request, or answers what the request holding it left there.
   * A request `waiting` for another looks before it claims: a claim locks and writes the row even
   * when it loses, and waiting requests ask every 50 ms.
   */
  async claim({ key, orgId, waiting }: IdempotencyClaimRequest): Promise<IdempotencyClaim> {
    for (;;) {
      const seen = waiting ? await this.keys.find(key) : undefined;
      if (seen && !seen.claimable) return { claimed: false, record: seen.record };
      const claimId = randomUUID();
      if (await this.keys.claim(key, orgId, claimId)) return { claimed: true, claimId };
      const found = await this.keys.find(key);
      // Released between the two statements: free again.
      if (found) return { claimed: false, record: found.record };
    }
  }

  async complete({ key, claimId, status, body }: IdempotencyCompleteRequest): Promise<void> {
    if (!(await this.keys.complete(key, claimId, status, body, messageIdOf(body)))) {
      this.logger.warn({ status }, 'idempotency key was taken over before its first request finished; that response is not kept');
    }
  }

  /** Frees the key after a failed request, so a retry runs anew (only 2xx responses are replayed). */
  release({ key, claimId }: IdempotencySettleRequest): Promise<void> {
    return this.keys.release(key, claimId);
  }

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  async purge(): Promise<void> {
    try {
      const purged = await this.keys.purgeExpired();
      if (purged > 0) this.logger.info({ purged }, 'expired idempotency keys deleted');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not delete expired idempotency keys; trying again later');
    }
  }
}

/** The message a response shows (a message create's), so that deleting its content reaches the response. */
function messageIdOf(body: string): string | null {
  if (!body.startsWith('{')) return null;
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' && id.startsWith('msg_') ? id : null;
  } catch {
    return null;
  }
}
