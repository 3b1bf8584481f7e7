import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** Applies pending migrations; `npm run migrate`, the Helm hook Job and the compose one-shot run this. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL must be set to run migrations');
    process.exit(2);
  }
  runMigrations(url).then(
    (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date'),
    (error) => {
      console.error(`migration failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
