import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { runMigrations } from '@hookline/database';
import { HooklineProducer } from '@hookline/producer';
import {
  HooklineApi,
  OwnNatsServer,
  OwnPostgresServer,
  ServiceName,
  ServiceProcesses,
  createTestNamespace,
  eventually,
  freePort,
  messageIn,
  startWebhookReceiver,
} from '@hookline/testing';

const MESSAGES = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Invariants 1 and 2 under faults: every service in its own process, thousands of messages,
 * SIGKILL of dispatcher, router and attempt log (each, repeatedly), a nats-server SIGKILL and
 * restart, a PostgreSQL stop and start. Every accepted message must reach the receiver and have
 * its successful attempt in the log; duplicates are allowed (at-least-once) and reported.
 */
describe('crash safety', () => {
  let nats: OwnNatsServer;
  let postgres: OwnPostgresServer;
  let services: ServiceProcesses;
  let producerConnection: NatsConnection | undefined;

  beforeAll(async () => {
    [nats, postgres] = [await OwnNatsServer.start(), await OwnPostgresServer.start()];
    await runMigrations(postgres.url);
  });

  afterAll(async () => {
    await producerConnection?.close().catch(() => undefined);
    await services?.stopAll();
    await nats?.stop();
    postgres?.stop();
  });

  it(`delivers and logs all ${MESSAGES} accepted messages through kills and restarts`, async () => {
    const names = createTestNamespace().names;
    const adminToken = `crash_${randomBytes(12).toString('hex')}`;
    const port = await freePort();
    const logDir = mkdtempSync(join(tmpdir(), 'hookline-crash-'));
    services = new ServiceProcesses(
      {
        NATS_URL: nats.url,
        DATABASE_URL: postgres.url,
        HOOKLINE_SUBJECT_ROOT: names.subjectRoot,
        HOOKLINE_STREAM_PREFIX: names.streamPrefix,
        HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
        HOOKLINE_ADMIN_TOKEN: adminToken,
        HOOKLINE_EGRESS_ALLOW: '127.0.0.0/8',
        HOOKLINE_RETRY_SCHEDULE: '0.2,0.5,1,2,2,2,2,2,2,2',
        HOOKLINE_RETRY_JITTER: '0',
        PORT: String(port),
      },
      logDir,
    );
    for (const name of ['endpoint-registry', 'attempt-log', 'event-router', 'dispatcher', 'gateway'] as ServiceName[]) await services.start(name);

    // A receiver that fails one request in twenty, so retries happen too.
    let requestCount = 0;
    const receiver = await startWebhookReceiver(() => (++requestCount % 20 === 0 ? 500 : 204));
    const api = new HooklineApi(`http://127.0.0.1:${port}`, adminToken);
    const app = (await api.post('/app', { name: 'crash test' })).body;
    expect((await api.post(`/app/${app.id}/endpoint`, { url: receiver.url })).status).toBe(201);

    producerConnection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    const producer = new HooklineProducer(producerConnection.jetstream({ timeout: 2000 }), names);
    /** Publishes until acknowledged: only an acknowledged message counts as accepted. */
    const publish = async (i: number) => {
      for (;;) {
        try {
          return await producer.send('org_default', app.id, messageIn({ payload: { i } }), { dedupId: `crash-${i}` });
        } catch {
          await sleep(200);
        }
      }
    };
    const publishing = (async () => {
      for (let i = 0; i < MESSAGES; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => publish(i + k)));
    })();

    const chaos: [string, () => Promise<void>][] = [
      ['kill dispatcher', () => services.restart('dispatcher')],
      ['kill router', () => services.restart('event-router')],
      ['kill attempt-log', () => services.restart('attempt-log')],
      ['restart nats-server', async () => (await nats.stop('SIGKILL'), await nats.start())],
      ['kill dispatcher', () => services.restart('dispatcher')],
      ['stop and start PostgreSQL', async () => (postgres.stop(), await sleep(1000), await postgres.start())],
      ['kill router', () => services.restart('event-router')],
      ['kill attempt-log', () => services.restart('attempt-log')],
      ['kill dispatcher', () => services.restart('dispatcher')],
    ];
    for (const [, fault] of chaos) {
      await sleep(700);
      await fault();
    }
    await publishing;

    const unique = () => new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size;
    await eventually(() => expect(unique()).toBe(MESSAGES), 180_000, 500);
    const db = new Client({ connectionString: postgres.url });
    await db.connect();
    const logged = await eventually(async () => {
      const [row] = (await db.query(`SELECT count(DISTINCT msg_id)::int AS delivered, count(*)::int AS attempts FROM message_attempts WHERE status = 0`)).rows;
      expect(row.delivered).toBe(MESSAGES);
      return row;
    }, 120_000, 500);
    const [{ messages }] = (await db.query('SELECT count(*)::int AS messages FROM messages')).rows;
    await db.end();

    const received = receiver.requests.length;
    console.log(
      `crash safety: accepted ${MESSAGES}, received ${received} requests for ${unique()} unique messages ` +
        `(${received - unique()} repeats, about 1 in 20 of all requests forced to 500), ` +
        `${logged.attempts} successful attempts logged for ${logged.delivered} messages, ${messages} messages logged, ` +
        `${MESSAGES - unique()} never received; faults: ${chaos.map(([name]) => name).join(', ')}`,
    );
    expect(messages).toBe(MESSAGES);
    await receiver.close();
  }, 600_000);
});
