import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, MoreThan } from 'typeorm';
import { ListParams } from '@hookline/contracts';
import { EventTypeEntity } from '@hookline/database';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

@Injectable()
export class EventTypesRepository {
  constructor(@InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  find(orgId: string, name: string): Promise<EventTypeEntity | null> {
    return this.dataSource.getRepository(EventTypeEntity).findOneBy({ orgId, name });
  }

  /** Those of `names` the org has no event type for. */
  async missing(orgId: string, names: string[]): Promise<string[]> {
    const found = await this.dataSource.getRepository(EventTypeEntity).find({ select: { name: true }, where: { orgId, name: In(names) } });
    const known = new Set(found.map((eventType) => eventType.name));
    return names.filter((name) => !known.has(name));
  }

  /** One page by name; a `-`-prefixed iterator pages backwards. */
  list(orgId: string, { limit, iterator }: ListParams, includeArchived: boolean): Promise<EventTypeEntity[]> {
    const backwards = iterator?.startsWith('-') ?? false;
    const cursor = backwards ? iterator!.slice(1) : iterator;
    return this.dataSource.getRepository(EventTypeEntity).find({
      where: { orgId, ...(includeArchived ? {} : { archived: false }), ...(cursor ? { name: backwards ? LessThan(cursor) : MoreThan(cursor) } : {}) },
      order: { name: backwards ? 'DESC' : 'ASC' },
      take: limit + 1,
    });
  }
}
