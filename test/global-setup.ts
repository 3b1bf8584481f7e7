import { Client } from 'pg';
import { connect } from 'nats';
import { TEST_NATS_URL, TEST_POSTGRES_URL } from '../libs/testing/src/test-servers';

/** Fails fast, with a clear message, when the servers the integration tests need are not running. */
export default async function globalSetup(): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}); run .ci/run or start it`);
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const nc = await connect({ servers: TEST_NATS_URL, timeout: 3000 });
    const jsm = await nc.jetstreamManager();
    await jsm.getAccountInfo();
    await nc.close();
  } catch (error) {
    throw new Error(`NATS with JetStream is not reachable at ${TEST_NATS_URL} (${(error as Error).message}); run .ci/run or start it`);
  }
}
