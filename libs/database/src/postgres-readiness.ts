import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReadinessCheck } from '@hookline/observability';

/** Readiness of a service that keeps a projection in PostgreSQL: its data source answers. */
export function postgresReadiness(app: INestApplicationContext, dataSourceName: string): ReadinessCheck {
  const dataSource = app.get<DataSource>(getDataSourceToken(dataSourceName));
  return { name: 'postgres', check: () => dataSource.query('SELECT 1') };
}
