import { connect } from 'nats';
import { HooklineApi, TestHookline, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** Invariant 6: a key of one org can never read or change anything of another; tests try every way across. */
describe('tenancy', () => {
  let hookline: TestHookline;
  let admin: HooklineApi;
  let other: HooklineApi;
  let otherOrgId: string;

  beforeAll(async () => {
    hookline = await startTestHookline();
    admin = hookline.api;
    const created = await admin.post('/api-key', { name: 'tenant B', newOrg: true });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^hk_/);
    otherOrgId = created.body.orgId;
    expect(otherOrgId).toMatch(/^org_/);
    other = new HooklineApi(hookline.url, created.body.key);
  });

  afterAll(() => hookline?.stop());

  it('keeps every app, endpoint, message, attempt, event type and key of one org out of reach of another', async () => {
    const receiver = await startWebhookReceiver();
    const app = (await admin.post('/app', { name: 'A', uid: 'shared-uid' })).body;
    const endpoint = (await admin.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }))).body;
    await admin.post('/event-type', { name: 'a.only', description: 'org A' });
    const message = (await admin.post(`/app/${app.id}/msg`, messageIn({ eventId: 'a-evt' }))).body;
    await receiver.waitFor(1);
    const ownKey = (await admin.post('/api-key', { name: 'A second key' })).body;
    const attempt = await eventually(async () => {
      const [logged] = (await admin.get(`/app/${app.id}/attempt/msg/${message.id}`)).body.data;
      expect(logged).toBeDefined();
      return logged;
    });

    // The same uid in another org is another app.
    const theirs = (await other.post('/app', { name: 'B', uid: 'shared-uid' })).body;
    expect(theirs.id).not.toBe(app.id);
    expect((await other.get('/app/shared-uid')).body.id).toBe(theirs.id);
    expect((await other.get('/app')).body.data.map((a: any) => a.id)).toEqual([theirs.id]);
    expect((await other.get('/event-type')).body.data).toEqual([]);
    expect((await other.get('/api-key')).body.data.map((k: any) => k.orgId)).toEqual([otherOrgId]);

    const attempts = [
      other.get(`/app/${app.id}`),
      other.put(`/app/${app.id}`, { name: 'hijacked' }),
      other.request('PATCH', `/app/${app.id}`, JSON.stringify({ name: 'hijacked' })),
      other.delete(`/app/${app.id}`),
      other.get(`/app/${app.id}/endpoint`),
      other.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url })),
      other.get(`/app/${app.id}/endpoint/${endpoint.id}`),
      other.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`),
      other.get(`/app/${app.id}/endpoint/${endpoint.id}/headers`),
      other.post(`/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, {}),
      other.delete(`/app/${app.id}/endpoint/${endpoint.id}`),
      other.post(`/app/${app.id}/msg`, messageIn()),
      other.get(`/app/${app.id}/msg`),
      other.get(`/app/${app.id}/msg/${message.id}`),
      other.get(`/app/${app.id}/msg/a-evt`),
      other.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}`),
      other.get(`/app/${app.id}/attempt/msg/${message.id}`),
      other.post(`/app/${app.id}/msg/${message.id}/endpoint/${endpoint.id}/resend`),
      other.post(`/app/${app.id}/endpoint/${endpoint.id}/recover`, { since: new Date(0).toISOString() }),
      other.get('/event-type/a.only'),
      other.delete('/event-type/a.only'),
      other.delete(`/api-key/${ownKey.id}`),
      other.post(`/auth/app-portal-access/${app.id}`, {}),
      other.post(`/auth/app/${app.id}/expire-all`, {}),
      other.put(`/app/${app.id}/endpoint/${endpoint.id}`, endpointIn({ url: receiver.url, description: 'hijacked' })),
      other.put(`/app/${app.id}/endpoint/planted`, endpointIn({ url: receiver.url })),
      other.request('PATCH', `/app/${app.id}/endpoint/${endpoint.id}`, JSON.stringify({ description: 'hijacked' })),
      other.put(`/app/${app.id}/endpoint/${endpoint.id}/headers`, { headers: { 'x-planted': '1' } }),
      other.request('PATCH', `/app/${app.id}/endpoint/${endpoint.id}/headers`, JSON.stringify({ headers: { 'x-planted': '1' } })),
      other.post(`/app/${app.id}/endpoint/${endpoint.id}/send-example`, { eventType: 'a.only' }),
      other.delete(`/app/${app.id}/msg/${message.id}/content`),
      other.get(`/app/${app.id}/endpoint/${endpoint.id}/stats`),
      other.get(`/app/${app.id}/endpoint/${endpoint.id}/msg`),
      other.get(`/app/${app.id}/msg/${message.id}/endpoint`),
      other.get(`/app/${app.id}/msg/${message.id}/attempt/${attempt.id}`),
      other.get(`/app/${app.id}/rejected-msg`),
      other.request('PATCH', '/event-type/a.only', JSON.stringify({ description: 'hijacked' })),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toMatch(new RegExp(`${app.id}|${endpoint.id}|whsec_|${message.id}`));
    }
    // Org B cannot reach org A through B's own app either.
    expect((await other.get(`/app/${theirs.id}/endpoint/${endpoint.id}`)).status).toBe(404);
    expect((await other.post('/api-key', { name: 'escalate', newOrg: true })).status).toBe(403);

    // Publishing on NATS under another org's subject reaches nothing.
    const nc = await connect({ servers: hookline.env.NATS_URL });
    await nc.jetstream().publish(hookline.namespace.names.message(otherOrgId, app.id), JSON.stringify(messageIn()));
    await nc.close();
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Org A is untouched.
    expect((await admin.get(`/app/${app.id}`)).body.name).toBe('A');
    expect((await admin.get(`/app/${app.id}/endpoint`)).body.data).toMatchObject([{ id: endpoint.id, description: endpoint.description }]);
    expect((await admin.get(`/app/${app.id}/endpoint/${endpoint.id}/headers`)).body.headers).toEqual({});
    expect((await admin.get('/event-type/a.only')).body).toMatchObject({ archived: false, description: 'org A' });
    expect((await admin.get(`/app/${app.id}/msg`)).body.data).toMatchObject([{ id: message.id, payload: message.payload }]);
    expect(receiver.requests).toHaveLength(1);
    expect((await new HooklineApi(hookline.url, ownKey.key).get('/app')).status).toBe(200);
    await receiver.close();
  });

  it('refuses revoked, unknown and malformed credentials with 401', async () => {
    const key = (await admin.post('/api-key', { name: 'short-lived' })).body;
    const api = new HooklineApi(hookline.url, key.key);
    expect((await api.get('/app')).status).toBe(200);
    expect((await admin.delete(`/api-key/${key.id}`)).status).toBe(204);
    expect(await api.get('/app')).toMatchObject({ status: 401, body: { code: 'authentication_failed' } });
    for (const header of ['', 'Bearer', 'Basic abc', `Bearer ${key.key}x`, 'Bearer hk_unknown']) {
      const response = await fetch(`${hookline.url}/api/v1/app`, { headers: header ? { authorization: header } : {} });
      expect(response.status).toBe(401);
    }
    expect((await admin.get('/api-key')).body.data.find((k: any) => k.id === key.id)).toMatchObject({ revoked: true });
    expect(JSON.stringify((await admin.get('/api-key')).body)).not.toContain(key.key);
  });
});
