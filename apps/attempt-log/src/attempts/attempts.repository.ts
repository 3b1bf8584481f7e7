import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttemptFilters } from '@hookline/contracts';
import { KeysetPage, MessageAttemptEntity } from '@hookline/database';

@Injectable()
export class AttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One multi-row insert per batch; attempts seen before (redelivery) are skipped. */
  async insert(attempts: MessageAttemptEntity[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.dataSource.createQueryBuilder().insert().into(MessageAttemptEntity).values(attempts).orIgnore().execute();
  }

  findOne(appId: string, msgId: string, id: string): Promise<MessageAttemptEntity | null> {
    return this.dataSource.getRepository(MessageAttemptEntity).findOneBy({ appId, msgId, id });
  }

  list(where: { appId: string; endpointId?: string; msgId?: string }, page: KeysetPage, filters: AttemptFilters): Promise<MessageAttemptEntity[]> {
    const query = this.dataSource.getRepository(MessageAttemptEntity).createQueryBuilder('a').where('a.app_id = :appId', { appId: where.appId });
    if (where.endpointId) query.andWhere('a.endpoint_id = :endpointId', { endpointId: where.endpointId });
    if (where.msgId) query.andWhere('a.msg_id = :msgId', { msgId: where.msgId });
    if (page.cursorOperator) query.andWhere(`a.id ${page.cursorOperator} :cursor`, { cursor: page.cursor });
    if (filters.status !== undefined) query.andWhere('a.status = :status', { status: filters.status });
    if (filters.before) query.andWhere('a.created_at < :before', { before: filters.before });
    if (filters.after) query.andWhere('a.created_at > :after', { after: filters.after });
    return query.orderBy('a.id', page.queryOrder).take(page.take).getMany();
  }
}
