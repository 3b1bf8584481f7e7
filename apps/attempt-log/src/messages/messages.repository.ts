import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { MessageFilters } from '@hookline/contracts';
import { KeysetPage, MessageEntity, RejectedMessageEntity } from '@hookline/database';

@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One multi-row insert per batch; rows seen before (redelivery) are skipped. */
  async insert(messages: MessageEntity[], rejected: RejectedMessageEntity[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (messages.length) await manager.createQueryBuilder().insert().into(MessageEntity).values(messages as QueryDeepPartialEntity<MessageEntity>[]).orIgnore().execute();
      if (rejected.length) await manager.createQueryBuilder().insert().into(RejectedMessageEntity).values(rejected).orIgnore().execute();
    });
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

  /** Messages of [since, until) whose deliveries to the endpoint failed and never succeeded, oldest first. */
  failedFor(appId: string, endpointId: string, since: Date, until: Date, limit = 10_000): Promise<MessageEntity[]> {
    return this.dataSource
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('m.app_id = :appId AND m.created_at >= :since AND m.created_at < :until', { appId, since, until })
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
