import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdempotencyRecord } from '@hookline/contracts';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

/** How long a first response is replayed, as Svix. */
const REPLAY_WINDOW = '12 hours';
/** A request still pending after this long is presumed dead (its gateway crashed): another may take over. */
const ABANDONED_AFTER = '60 seconds';

/** SQL: a kept response body (`body`, JSON text of a message) without its payload, as the API shows a message whose content was deleted. */
function withoutPayload(body: string): string {
  return `jsonb_set(${body}::jsonb, '{payload}', '{}'::jsonb)::text`;
}

/** SQL: whether the key row `table` names is free for a new claim (abandoned while pending, or its response expired). */
function claimable(table: string): string {
  return `${table}.stored_at < now() - (CASE WHEN ${table}.status IS NULL THEN interval '${ABANDONED_AFTER}' ELSE interval '${REPLAY_WINDOW}' END)`;
}

/**
 * The `idempotency_keys` table. Ages are measured with PostgreSQL's clock, so gateways whose clocks
 * disagree still agree on when a claim was abandoned or a response expired.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Claims each key for its `claimId` when it is free: unknown, left pending past ABANDONED_AFTER,
   * or holding a response older than REPLAY_WINDOW. One statement for the batch, so two claims of
   * a key never both win; keys in a batch must be distinct, and are locked in key order so that
   * concurrent batches cannot deadlock. Answers the keys claimed.
   */
  async claim(claims: { key: string; orgId: string; claimId: string }[]): Promise<Set<string>> {
    const sorted = [...claims].sort(byKey);
    const rows: { key: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (key, org_id, claim_id, status, body, msg_id, stored_at)
       SELECT key, org_id, claim_id, NULL, NULL, NULL, now() FROM unnest($1::text[], $2::text[], $3::uuid[]) AS c(key, org_id, claim_id)
       ON CONFLICT (key) DO UPDATE SET claim_id = excluded.claim_id, status = NULL, body = NULL, msg_id = NULL, stored_at = now()
       WHERE ${claimable('idempotency_keys')}
       RETURNING key`,
      [sorted.map((c) => c.key), sorted.map((c) => c.orgId), sorted.map((c) => c.claimId)],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** What each key holds, and whether a claim would take it; keys gone (released since) are absent. */
  async find(keys: string[]): Promise<Map<string, { record: IdempotencyRecord; claimable: boolean }>> {
    const rows: { key: string; status: number | null; body: string | null; claimable: boolean }[] = await this.dataSource.query(
      `SELECT k.key, k.status, k.body, ${claimable('k')} AS claimable FROM idempotency_keys AS k WHERE k.key = ANY($1::text[])`,
      [keys],
    );
    return new Map(
      rows.map((row) => [
        row.key,
        { record: row.status === null ? { state: 'pending' } : { state: 'done', status: row.status, body: row.body ?? '' }, claimable: row.claimable },
      ]),
    );
  }

  /**
   * Stores the responses of the claims still holding their keys; answers the keys stored. A
   * response showing a message whose content was deleted meanwhile (responses are stored just
   * after they went out) is kept without the payload, as `erasePayload` leaves the others.
   */
  async complete(responses: { key: string; claimId: string; status: number; body: string; msgId: string | null }[]): Promise<Set<string>> {
    const sorted = [...responses].sort(byKey);
    const [rows]: [{ key: string }[], number] = await this.dataSource.query(
      `UPDATE idempotency_keys AS k SET status = r.status, msg_id = r.msg_id, stored_at = now(),
         body = CASE WHEN EXISTS (SELECT 1 FROM messages AS m WHERE m.id = r.msg_id AND m.payload IS NULL) THEN ${withoutPayload('r.body')} ELSE r.body END
       FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::text[]) AS r(key, claim_id, status, body, msg_id)
       WHERE k.key = r.key AND k.claim_id = r.claim_id
       RETURNING k.key`,
      [sorted.map((r) => r.key), sorted.map((r) => r.claimId), sorted.map((r) => r.status), sorted.map((r) => r.body), sorted.map((r) => r.msgId)],
    );
    return new Set(rows.map((row) => row.key));
  }

  /** Deleting a message's content: the responses that show the message show it without its payload, as the API now does. */
  async erasePayload(msgId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET body = ${withoutPayload('body')} WHERE msg_id = $1 AND status IS NOT NULL`,
      [msgId],
    );
  }

  async release(key: string, claimId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM idempotency_keys WHERE key = $1 AND claim_id = $2', [key, claimId]);
  }

  /** Deletes the keys no claim can see any more (responses past the replay window); how many. */
  async purgeExpired(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE stored_at < now() - interval '${REPLAY_WINDOW}'`,
    );
    return count;
  }
}

/** Batches lock their rows in key order, so that two batches never wait for each other in a cycle. */
function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : 1;
}
