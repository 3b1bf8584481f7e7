import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import { Client } from 'pg';
import { NatsNames, StreamKind } from '@hookline/contracts';
import { runMigrations } from '@hookline/database';

/** The shared servers the bench runs against (the same ones `npm test` uses by default). */
export const BENCH_NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database and NATS subject root / stream prefix of one Hookline deployment, nobody else's. */
export interface BenchNamespace {
  databaseUrl: string;
  names: NatsNames;
  /** Deletes the streams and drops the database. */
  drop(): Promise<void>;
}

export async function createBenchNamespace(): Promise<BenchNamespace> {
  const token = randomBytes(4).toString('hex');
  const database = `hookline_bench_${token}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${database}`));
  const databaseUrl = withDatabase(BENCH_POSTGRES_URL, database);
  await runMigrations(databaseUrl);
  const names = new NatsNames(`b${token}`, `B${token}_`);
  return {
    databaseUrl,
    names,
    drop: async () => {
      const nc = await connect({ servers: BENCH_NATS_URL });
      try {
        const jsm = await nc.jetstreamManager();
        for (const kind of Object.values(StreamKind)) await jsm.streams.delete(names.stream(kind)).catch(() => false);
      } finally {
        await nc.close();
      }
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

async function withAdminClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
