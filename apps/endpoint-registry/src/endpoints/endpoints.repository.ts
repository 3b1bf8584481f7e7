import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EndpointEntity, KeysetPage } from '@hookline/database';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

@Injectable()
export class EndpointsRepository {
  constructor(@InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** An endpoint of the app by id, or else by uid. */
  async findByRef(appId: string, ref: string): Promise<EndpointEntity | null> {
    const repository = this.dataSource.getRepository(EndpointEntity);
    return (await repository.findOneBy({ appId, id: ref })) ?? (await repository.findOneBy({ appId, uid: ref }));
  }

  findByUid(appId: string, uid: string): Promise<EndpointEntity | null> {
    return this.dataSource.getRepository(EndpointEntity).findOneBy({ appId, uid });
  }

  list(appId: string, page: KeysetPage): Promise<EndpointEntity[]> {
    const id = page.idCondition;
    return this.dataSource.getRepository(EndpointEntity).find({
      where: { appId, ...(id ? { id } : {}) },
      order: { id: page.queryOrder },
      take: page.take,
    });
  }
}
