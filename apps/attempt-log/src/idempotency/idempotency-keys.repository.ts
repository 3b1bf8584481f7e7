import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdempotencyRecord } from '@hookline/contracts';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

/** How long a first response is replayed, as Svix. */
export const REPLAY_WINDOW = '12 hours';
/** A request still pending after this long is presumed dead (its gateway crashed): another may take over. */
export const ABANDONED_AFTER = '60 seconds';

/**
 * The `idempotency_keys` table. Ages are measured with PostgreSQL's clock, so gateways whose clocks
 * disagree still agree on when a claim was abandoned or a response expired.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Claims the key for `claimId` when it is free: unknown, left pending past ABANDONED_AFTER, or
   * holding a response older than REPLAY_WINDOW. One statement, so two claims never both win.
   */
  async claim(key: string, orgId: string, claimId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (key, org_id, claim_id, status, body, msg_id, stored_at) VALUES ($1, $2, $3, NULL, NULL, NULL, now())
       ON CONFLICT (key) DO UPDATE SET claim_id = excluded.claim_id, status = NULL, body = NULL, msg_id = NULL, stored_at = now()
       WHERE idempotency_keys.stored_at < now() - (CASE WHEN idempotency_keys.status IS NULL THEN $4 ELSE $5 END)::interval
       RETURNING key`,
      [key, orgId, claimId, ABANDONED_AFTER, REPLAY_WINDOW],
    );
    return rows.length === 1;
  }

  /** What the key holds, and whether a claim would take it; undefined when it is gone (released since). */
  async find(key: string): Promise<{ record: IdempotencyRecord; claimable: boolean } | undefined> {
    const [row]: { status: number | null; body: string | null; claimable: boolean }[] = await this.dataSource.query(
      `SELECT status, body, stored_at < now() - (CASE WHEN status IS NULL THEN $2 ELSE $3 END)::interval AS claimable FROM idempotency_keys WHERE key = $1`,
      [key, ABANDONED_AFTER, REPLAY_WINDOW],
    );
    if (!row) return undefined;
    const record: IdempotencyRecord = row.status === null ? { state: 'pending' } : { state: 'done', status: row.status, body: row.body ?? '' };
    return { record, claimable: row.claimable };
  }

  /** Stores the response of the claim still holding the key; false when it was taken over meanwhile. */
  async complete(key: string, claimId: string, status: number, body: string, msgId: string | null): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      'UPDATE idempotency_keys SET status = $3, body = $4, msg_id = $5, stored_at = now() WHERE key = $1 AND claim_id = $2',
      [key, claimId, status, body, msgId],
    );
    return count === 1;
  }

  /** Deleting a message's content: the responses that show the message show it without its payload, as the API now does. */
  async erasePayload(msgId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET body = jsonb_set(body::jsonb, '{payload}', '{}'::jsonb)::text WHERE msg_id = $1 AND status IS NOT NULL`,
      [msgId],
    );
  }

  async release(key: string, claimId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE key = $1 AND claim_id = $2', [key, claimId]);
  }

  /** Deletes the keys no claim can see any more (responses past the replay window); how many. */
  async purgeExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE stored_at < now() - $1::interval',
      [REPLAY_WINDOW],
    );
    return count;
  }
}
