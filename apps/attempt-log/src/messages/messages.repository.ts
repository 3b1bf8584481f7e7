import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { MessageFilters, withRawJsonMember } from '@hookline/contracts';
import { KeysetPage, MessageEntity, RejectedMessageEntity } from '@hookline/database';
import { ATTEMPT_LOG_DATA_SOURCE } from '../attempt-log.data-source';

/** A message as the log receives it: the payload is the producer's JSON text. */
export type MessageRow = Omit<MessageEntity, 'payload'> & { payloadJson: string };

@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource(ATTEMPT_LOG_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * One statement per table and batch, the rows passed as one JSON array, so neither the query
   * text nor TypeORM's per-value work grows with the batch; rows seen before (redelivery) are
   * skipped, which is also why the two statements need no transaction. Payloads go in from the
   * producer's text, not parsed and serialised again, so numbers keep their digits (jsonb keeps
   * values, not spacing or key order).
   */
  async insert(messages: MessageRow[], rejected: RejectedMessageEntity[]): Promise<void> {
    if (messages.length) {
      try {
        await this.insertMessages(messages, (row) => row.payloadJson);
      } catch (error) {
        // The text can hold what its parsed value does not, and PostgreSQL refuses: a member that a
        // later duplicate overwrites holding \u0000 or a lone surrogate, a number beyond numeric's
        // range (JSON.parse makes it Infinity). Such a batch is stored as parsed, as receivers read it.
        if (!isRefusedData(error)) throw error;
        await this.insertMessages(messages, (row) => JSON.stringify(JSON.parse(row.payloadJson)));
      }
    }
    if (rejected.length) {
      await this.dataSource.query(
        `INSERT INTO rejected_messages (stream_seq, org_id, app_ref, subject, reason, raw, created_at)
         SELECT "streamSeq", "orgId", "appRef", subject, reason, raw, "createdAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("streamSeq" bigint, "orgId" varchar, "appRef" varchar, subject text, reason text, raw text, "createdAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rejected)],
      );
    }
  }

  private async insertMessages(messages: MessageRow[], payloadOf: (row: MessageRow) => string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO messages (id, org_id, app_id, event_type, event_id, channels, payload, stream_seq, created_at)
       SELECT id, "orgId", "appId", "eventType", "eventId", channels, payload, "streamSeq", "createdAt"
       FROM jsonb_to_recordset($1::jsonb) AS m(id varchar, "orgId" varchar, "appId" varchar, "eventType" varchar, "eventId" varchar,
         channels text[], payload jsonb, "streamSeq" bigint, "createdAt" timestamptz)
       ON CONFLICT DO NOTHING`,
      [`[${messages.map((row) => withRawJsonMember({ ...row, payloadJson: undefined }, 'payload', payloadOf(row))).join(',')}]`],
    );
  }

  /** Payloads as PostgreSQL writes them (numbers with all their digits), by message id; null once deleted. */
  async payloadTexts(appId: string, ids: string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; payload: string | null }[] = await this.dataSource.query(
      'SELECT id, payload::text AS payload FROM messages WHERE app_id = $1 AND id = ANY($2)',
      [appId, ids],
    );
    return new Map(rows.map((row) => [row.id, row.payload]));
  }

  /** A message of the app by id, or else by eventId. */
  async findByRef(appId: string, ref: string): Promise<MessageEntity | null> {
    const repository = this.dataSource.getRepository(MessageEntity);
    return (await repository.findOneBy({ appId, id: ref })) ?? (await repository.findOne({ where: { appId, eventId: ref }, order: { id: 'DESC' } }));
  }

  findMany(appId: string, ids: string[]): Promise<MessageEntity[]> {
    return ids.length ? this.dataSource.getRepository(MessageEntity).findBy({ appId, id: In(ids) }) : Promise.resolve([]);
  }

  async clearPayload(id: string): Promise<void> {
    await this.dataSource.getRepository(MessageEntity).update({ id }, { payload: null });
  }

  list(appId: string, page: KeysetPage, filters: Omit<MessageFilters, 'withContent'>): Promise<MessageEntity[]> {
    const query = this.dataSource.getRepository(MessageEntity).createQueryBuilder('m').where('m.app_id = :appId', { appId });
    if (page.cursorOperator) query.andWhere(`m.id ${page.cursorOperator} :cursor`, { cursor: page.cursor });
    if (filters.before) query.andWhere('m.created_at < :before', { before: filters.before });
    if (filters.after) query.andWhere('m.created_at > :after', { after: filters.after });
    if (filters.eventTypes?.length) query.andWhere('m.event_type IN (:...eventTypes)', { eventTypes: filters.eventTypes });
    if (filters.channel) query.andWhere(':channel = ANY(m.channels)', { channel: filters.channel });
    return query.orderBy('m.id', page.queryOrder).take(page.take).getMany();
  }

  /** Up to `limit` messages of [since, until) whose deliveries to the endpoint failed and never succeeded, by id from `afterId`. */
  failedFor(appId: string, endpointId: string, since: Date, until: Date, limit: number, afterId?: string): Promise<MessageEntity[]> {
    const query = this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.app_id = :appId AND m.created_at >= :since AND m.created_at < :until', { appId, since, until });
    if (afterId) query.andWhere('m.id > :afterId', { afterId });
    return query
      .andWhere(
        `EXISTS (SELECT 1 FROM message_attempts a WHERE a.app_id = m.app_id AND a.msg_id = m.id AND a.endpoint_id = :endpointId AND a.status = 2)`,
        { endpointId },
      )
      .andWhere(`NOT EXISTS (SELECT 1 FROM message_attempts a WHERE a.app_id = m.app_id AND a.msg_id = m.id AND a.endpoint_id = :endpointId AND a.status = 0)`)
      .orderBy('m.id', 'ASC')
      .take(limit)
      .getMany();
  }

  listRejected(orgId: string, appRefs: string[], limit: number): Promise<RejectedMessageEntity[]> {
    return this.dataSource
      .getRepository(RejectedMessageEntity)
      .createQueryBuilder('rejected')
      .where('rejected.org_id = :orgId AND rejected.app_ref IN (:...appRefs)', { orgId, appRefs })
      .orderBy('rejected.stream_seq', 'DESC')
      .take(limit)
      .getMany();
  }
}

/** PostgreSQL's data exceptions (class 22) and "statement too complex" (nesting too deep for it). */
function isRefusedData(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code === '54001');
}
