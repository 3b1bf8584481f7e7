import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startHooklineServices } from '../../../apps/standalone/src/hookline-services';
import { HooklineApi } from './hookline-api';
import { TestDatabase, TestNamespace, createTestDatabase, createTestNamespace } from './test-infrastructure';
import { freePort } from './own-servers';
import { TEST_NATS_URL } from './test-servers';

export interface TestHookline {
  api: HooklineApi;
  url: string;
  adminToken: string;
  namespace: TestNamespace;
  database: TestDatabase;
  env: NodeJS.ProcessEnv;
  /** The running gateway application (e.g. to list its routes). */
  readonly gateway: NestFastifyApplication;
  /** Stops the services, keeps database and streams (for restart tests). */
  stopServices(): Promise<void>;
  /** Starts the services again on the same streams (and database, unless `env` names another). */
  restartServices(env?: NodeJS.ProcessEnv): Promise<void>;
  /** Stops everything and deletes the suite's database and streams. */
  stop(): Promise<void>;
}

export interface TestHooklineOptions {
  /** Extra environment, e.g. a short HOOKLINE_RETRY_SCHEDULE. */
  env?: NodeJS.ProcessEnv;
  /** Event types to declare in the default org, so endpoints may filter for them. */
  eventTypes?: string[];
  natsUrl?: string;
}

/** All five services in this process, on a database and NATS namespace of the suite's own. */
export async function startTestHookline(options: TestHooklineOptions = {}): Promise<TestHookline> {
  const database = await createTestDatabase();
  const namespace = createTestNamespace();
  const adminToken = `test_admin_${randomBytes(12).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    NATS_URL: options.natsUrl ?? TEST_NATS_URL,
    DATABASE_URL: database.url,
    HOOKLINE_SUBJECT_ROOT: namespace.names.subjectRoot,
    HOOKLINE_STREAM_PREFIX: namespace.names.streamPrefix,
    HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
    HOOKLINE_ADMIN_TOKEN: adminToken,
    PORT: '0',
    GRPC_PORT: String(await freePort()),
    HOOKLINE_RETRY_SCHEDULE: '0.05,0.05,0.05',
    HOOKLINE_RETRY_JITTER: '0',
    HOOKLINE_RETRY_BACKOFF_FLOOR_MS: '100',
    HOOKLINE_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
    ...options.env,
  };
  const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
  let running = await startHooklineServices(env, logLevel);
  const harness: TestHookline = {
    api: new HooklineApi(running.url, adminToken),
    url: running.url,
    adminToken,
    namespace,
    database,
    env,
    get gateway() {
      return running.gateway;
    },
    stopServices: () => running.stop(),
    restartServices: async (overrides = {}) => {
      Object.assign(env, overrides);
      running = await startHooklineServices(env, logLevel);
      harness.url = running.url;
      harness.api = new HooklineApi(running.url, adminToken);
    },
    stop: async () => {
      await running.stop();
      await namespace.drop(env.NATS_URL);
      await database.drop();
    },
  };
  for (const name of options.eventTypes ?? []) await harness.api.post('/event-type', { name, description: name });
  return harness;
}
