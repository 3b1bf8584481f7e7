import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { NatsConnection, connect } from 'nats';
import { MessageStatus, StreamKind } from '@hookline/contracts';
import {
  HooklineApi,
  ServiceProcesses,
  TEST_NATS_URL,
  TestDatabase,
  TestNamespace,
  applicationIn,
  attemptRecorded,
  createTestDatabase,
  createTestNamespace,
  endpointIn,
  eventually,
  freePort,
} from '@hookline/testing';

/**
 * The attempt log decides to disable an endpoint (a 410) while the registry is down: the decision
 * waits for the registry instead of being dropped, and the operator hears of it once.
 */
describe('auto-disable while the registry is down', () => {
  let database: TestDatabase;
  let namespace: TestNamespace;
  let services: ServiceProcesses;
  let nc: NatsConnection;
  let api: HooklineApi;

  beforeAll(async () => {
    [database, namespace] = [await createTestDatabase(), createTestNamespace()];
    const adminToken = `outage_${randomBytes(12).toString('hex')}`;
    const port = await freePort();
    services = new ServiceProcesses(
      {
        NATS_URL: TEST_NATS_URL,
        DATABASE_URL: database.url,
        HOOKLINE_SUBJECT_ROOT: namespace.names.subjectRoot,
        HOOKLINE_STREAM_PREFIX: namespace.names.streamPrefix,
        HOOKLINE_MASTER_KEY: randomBytes(32).toString('hex'),
        HOOKLINE_ADMIN_TOKEN: adminToken,
        HOOKLINE_EGRESS_ALLOW: '127.0.0.0/8',
        PORT: String(port),
      },
      mkdtempSync(join(tmpdir(), 'hookline-registry-outage-')),
    );
    // No router or dispatcher: the attempt is published by hand, and the report is read from MESSAGES.
    for (const name of ['endpoint-registry', 'attempt-log', 'gateway'] as const) await services.start(name);
    api = new HooklineApi(`http://127.0.0.1:${port}`, adminToken);
    nc = await connect({ servers: TEST_NATS_URL });
  });

  afterAll(async () => {
    await nc?.close();
    await services?.stopAll();
    await namespace?.drop();
    await database?.drop();
  });

  it('disables the endpoint once the registry is back, and reports it once', async () => {
    const operational = (await api.post('/app', applicationIn({ uid: 'hookline-operational', name: 'Operations' }))).body;
    const app = (await api.post('/app', applicationIn())).body;
    const endpoint = (await api.post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/gone' }))).body;
    expect(endpoint.id).toMatch(/^ep_/);
    const jsm = await nc.jetstreamManager();
    const messages = namespace.names.stream(StreamKind.Messages);
    const reportSubject = namespace.names.message('org_default', operational.id);
    const reports = async () => (await jsm.streams.info(messages, { subjects_filter: reportSubject })).state.subjects?.[reportSubject] ?? 0;

    await services.kill('endpoint-registry');
    const gone = attemptRecorded(app.id, endpoint, { response: 'gone', responseStatusCode: 410, responseDurationMs: 2, status: MessageStatus.Fail, final: false });
    await nc.jetstream().publish(namespace.names.attempt('org_default', app.id, endpoint.id), JSON.stringify(gone));
    // The log handles the attempt, fails to reach the registry, and handles it again a second later.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await reports()).toBe(0);

    await services.start('endpoint-registry');
    await eventually(async () => expect((await api.get(`/app/${app.id}/endpoint/${endpoint.id}`)).body.disabled).toBe(true), 20_000);
    await eventually(async () => expect(await reports()).toBe(1));
    const report = await jsm.streams.getMessage(messages, { last_by_subj: reportSubject });
    expect(report.json()).toMatchObject({ eventType: 'endpoint.disabled', payload: { data: { endpointId: endpoint.id, reason: 'gone' } } });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await reports()).toBe(1);
  });
});
