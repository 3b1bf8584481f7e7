import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** For the TypeORM CLI: `npx typeorm -d dist/libs/database/src/cli-data-source.js migration:generate …`. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookline'));
