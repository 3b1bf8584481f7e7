import { connect } from 'nats';
import { StreamKind } from '@hookline/contracts';
import { TestHookline, applicationIn, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

async function post(hookline: TestHookline, path: string, body: unknown, key: string, token = hookline.adminToken) {
  const response = await fetch(`${hookline.url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('idempotency-key', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('replays the first 2xx response and creates nothing twice', async () => {
    const body = applicationIn({ uid: undefined, name: 'once' });
    const first = await post(hookline, '/app', body, 'create-app-1');
    const second = await post(hookline, '/app', body, 'create-app-1');
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect((await hookline.api.get('/app')).body.data.filter((app: any) => app.name === 'once')).toHaveLength(1);
    expect((await post(hookline, '/app', body, 'create-app-2')).body.id).not.toBe(first.body.id);
  });

  it('makes concurrent duplicates wait for the first and deliver once', async () => {
    const receiver = await startWebhookReceiver();
    const app = (await hookline.api.post('/app', applicationIn())).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }));
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(hookline, `/app/${app.id}/msg`, messageIn(), 'send-once')));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.every((response) => response.status === 201)).toBe(true);
    await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });

  it('does not replay a failure, and never across credentials', async () => {
    expect((await post(hookline, '/app', { name: 5 }, 'fix-and-retry')).status).toBe(422);
    expect((await post(hookline, '/app', { name: 'fixed' }, 'fix-and-retry')).status).toBe(201);

    const other = (await hookline.api.post('/api-key', { name: 'other org', newOrg: true })).body.key;
    const mine = await post(hookline, '/app', { name: 'mine' }, 'shared-key');
    const theirs = await post(hookline, '/app', { name: 'theirs' }, 'shared-key', other);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.name).toBe('theirs');
  });

  it('replays nothing to a credential revoked since', async () => {
    const apiKey = (await hookline.api.post('/api-key', { name: 'revoked later' })).body;
    expect((await post(hookline, '/app', { name: 'before revoking' }, 'then-revoke', apiKey.key)).status).toBe(201);
    expect((await hookline.api.delete(`/api-key/${apiKey.id}`)).status).toBe(204);
    expect(await post(hookline, '/app', { name: 'before revoking' }, 'then-revoke', apiKey.key)).toMatchObject({ status: 401, body: { code: 'authentication_failed' } });
  });
});

describe('eventId', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('is unique per app beyond the JetStream dedup window, and free in other apps', async () => {
    const [a, b] = [(await hookline.api.post('/app', applicationIn())).body, (await hookline.api.post('/app', applicationIn())).body];
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(201);
    expect(await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect((await hookline.api.post(`/app/${b.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(201);

    // Past the dedup window only the log remembers: drop JetStream's memory of the id and try again.
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.purge(hookline.namespace.names.stream(StreamKind.Messages));
    await nc.close();
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(409);
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-2' }))).status).toBe(201);
  });
});
