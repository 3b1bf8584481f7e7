import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessCheck } from '@hookline/observability';

/** Readiness of a service that keeps a projection in PostgreSQL: the database answers. */
export function postgresReadiness(app: INestApplicationContext): ReadinessCheck {
  const dataSource = app.get(DataSource);
  return { name: 'postgres', check: () => dataSource.query('SELECT 1') };
}
