import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hookline/database';
import { TestDatabase, createTestDatabase } from '@hookline/testing';

/** The entities and the migrations must describe the same schema: generating a migration yields nothing. */
describe('database schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('has no drift between entities and migrations', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('can be migrated all the way down and up again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    expect(await dataSource.query(`SELECT to_regclass('public.endpoints') AS table`)).toEqual([{ table: null }]);
    await dataSource.runMigrations();
    expect(await dataSource.query(`SELECT to_regclass('public.endpoints')::text AS table`)).toEqual([{ table: 'endpoints' }]);
  });
});
