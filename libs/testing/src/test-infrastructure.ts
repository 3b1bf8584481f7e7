import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect } from 'nats';
import { NatsNames, StreamKind } from '@hookline/contracts';
import { runMigrations } from '@hookline/database';
import { TEST_NATS_URL, TEST_POSTGRES_URL } from './test-servers';


function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated database of its own for one test suite. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hookline_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(TEST_POSTGRES_URL, name);
  await runMigrations(url);
  return {
    url,
    drop: async () => {
      const client = new Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestNamespace {
  names: NatsNames;
  /** Deletes this namespace's streams. */
  drop(natsUrl?: string): Promise<void>;
}

/** A subject root and stream prefix of its own, so suites sharing one NATS never see each other. */
export function createTestNamespace(): TestNamespace {
  const token = randomBytes(4).toString('hex');
  const names = new NatsNames(`t${token}`, `T${token}_`);
  return {
    names,
    drop: async (natsUrl = TEST_NATS_URL) => {
      const nc = await connect({ servers: natsUrl });
      const jsm = await nc.jetstreamManager();
      for (const stream of Object.values(StreamKind).map((kind) => names.stream(kind))) await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
    },
  };
}
