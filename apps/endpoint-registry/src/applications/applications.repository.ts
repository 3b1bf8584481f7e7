import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEntity, KeysetPage } from '@hookline/database';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

@Injectable()
export class ApplicationsRepository {
  constructor(@InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** An app of the org by id, or else by uid. */
  async findByRef(orgId: string, ref: string): Promise<ApplicationEntity | null> {
    const repository = this.dataSource.getRepository(ApplicationEntity);
    return (await repository.findOneBy({ orgId, id: ref })) ?? (await repository.findOneBy({ orgId, uid: ref }));
  }

  async findByUid(orgId: string, uid: string): Promise<ApplicationEntity | null> {
    return this.dataSource.getRepository(ApplicationEntity).findOneBy({ orgId, uid });
  }

  list(orgId: string, page: KeysetPage): Promise<ApplicationEntity[]> {
    const id = page.idCondition;
    return this.dataSource.getRepository(ApplicationEntity).find({
      where: { orgId, ...(id ? { id } : {}) },
      order: { id: page.queryOrder },
      take: page.take,
    });
  }
}
