import { DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** TypeORM options for Hookline's database. The schema changes only through migrations. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10 },
  };
}

