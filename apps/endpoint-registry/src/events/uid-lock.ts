import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

/**
 * Serialises commands that claim a `uid` within a scope (an org's apps, an app's endpoints) across
 * all registry replicas, with a Postgres advisory lock held from the uniqueness check until the
 * event is projected.
 */
@Injectable()
export class UidLock {
  constructor(@InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async run<T>(scope: string, uid: string | null | undefined, work: () => Promise<T>): Promise<T> {
    if (!uid) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`${scope}/${uid}`]);
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`${scope}/${uid}`]).catch(() => undefined);
      await runner.release();
    }
  }
}
