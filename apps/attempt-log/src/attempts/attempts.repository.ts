import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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

  list(where: { appId: string; endpointId?: string; msgId?: string }, page: KeysetPage): Promise<MessageAttemptEntity[]> {
    const id = page.idCondition;
    return this.dataSource.getRepository(MessageAttemptEntity).find({
      where: { ...where, ...(id ? { id } : {}) },
      order: { id: page.queryOrder },
      take: page.take,
    });
  }
}
