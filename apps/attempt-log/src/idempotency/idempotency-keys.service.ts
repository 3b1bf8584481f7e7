import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { IdempotencyClaim, IdempotencyClaimsRequest, IdempotencyCompletionsRequest, IdempotencySettleRequest } from '@hookline/contracts';
import { LOGGER } from '@hookline/observability';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** How often expired keys are deleted; a claim already treats them as free, so this only bounds the table. */
const PURGE_EVERY_MS = 10 * 60_000;

const PENDING: IdempotencyClaim = { claimed: false, record: { state: 'pending' } };

/** The gateway's `idempotency-key` store: claims, responses kept for replay, and their expiry. */
@Injectable()
export class IdempotencyKeysService implements OnApplicationBootstrap, OnModuleDestroy {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Claims each key for its request, or answers what the request holding it left there, in order.
   * A request `waiting` for another looks before it claims: a claim locks and writes the row even
   * when it loses, and waiting requests ask every 50 ms. A key asked for twice in one batch is
   * claimed by the first request only; the others find it pending and ask again.
   */
  async claim({ claims }: IdempotencyClaimsRequest): Promise<IdempotencyClaim[]> {
    const answers: IdempotencyClaim[] = new Array(claims.length);
    const waitingKeys = [...new Set(claims.filter((claim) => claim.waiting).map((claim) => claim.key))];
    const seen = waitingKeys.length > 0 ? await this.keys.find(waitingKeys) : new Map();
    const claimers = new Map<string, { index: number; orgId: string; claimId: string }>();
    claims.forEach(({ key, orgId }, index) => {
      const held = seen.get(key);
      if (held && !held.claimable) answers[index] = { claimed: false, record: held.record };
      else if (claimers.has(key)) answers[index] = PENDING;
      else claimers.set(key, { index, orgId, claimId: randomUUID() });
    });
    if (claimers.size === 0) return answers;
    const won = await this.keys.claim([...claimers].map(([key, { orgId, claimId }]) => ({ key, orgId, claimId })));
    const lost = [...claimers.keys()].filter((key) => !won.has(key));
    const found = lost.length > 0 ? await this.keys.find(lost) : new Map();
    for (const [key, { index, claimId }] of claimers) {
      // A key lost and then gone (released in between) is free again: its request asks again.
      answers[index] = won.has(key) ? { claimed: true, claimId } : found.get(key) ? { claimed: false, record: found.get(key)!.record } : PENDING;
    }
    return answers;
  }

  async complete({ responses }: IdempotencyCompletionsRequest): Promise<void> {
    const stored = await this.keys.complete(responses.map((response) => ({ ...response, msgId: messageIdOf(response.body) })));
    const dropped = responses.filter((response) => !stored.has(response.key));
    if (dropped.length > 0) this.logger.warn({ count: dropped.length }, 'idempotency keys were taken over before their first request finished; those responses are not kept');
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
