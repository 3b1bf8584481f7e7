import { Svix } from 'svix';
import { HooklineApi, TestHookline, applicationIn, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** App-portal tokens: one app of one org, until they expire; the portal page uses nothing else. */
describe('app portal access', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('issues a token through the svix SDK that manages its own app and nothing else', async () => {
    const receiver = await startWebhookReceiver();
    const mine = (await hookline.api.post('/app', applicationIn({ name: 'Customer A' }))).body;
    const theirs = (await hookline.api.post('/app', applicationIn({ name: 'Customer B' }))).body;
    const theirEndpoint = (await hookline.api.post(`/app/${theirs.id}/endpoint`, endpointIn({ url: receiver.url }))).body;
    await hookline.api.post('/event-type', { name: 'order.created', description: 'orders' });

    const access = await new Svix(hookline.adminToken, { serverUrl: hookline.url }).authentication.appPortalAccess(mine.id, {});
    expect(access.token).toMatch(/^hkp_/);
    expect(access.url).toBe(`${hookline.url}/portal#token=${access.token}`);
    const page = await fetch(access.url.split('#')[0]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Webhooks for');

    const portal = new HooklineApi(hookline.url, access.token);
    expect((await portal.get(`/app/${mine.id}`)).body.name).toBe('Customer A');
    expect((await portal.get(`/app/${mine.uid}`)).status).toBe(200);
    const created = await portal.post(`/app/${mine.id}/endpoint`, endpointIn({ url: receiver.url }));
    expect(created.status).toBe(201);
    expect((await portal.get(`/app/${mine.id}/endpoint`)).body.data).toHaveLength(1);
    expect((await portal.get('/event-type')).body.data.map((t: any) => t.name)).toEqual(['order.created']);

    for (const response of [
      await portal.get(`/app/${theirs.id}`),
      await portal.get(`/app/${theirs.id}/endpoint/${theirEndpoint.id}`),
      await portal.post(`/app/${theirs.id}/endpoint`, endpointIn({ url: receiver.url })),
    ]) {
      expect(response.status).toBe(404);
    }
    for (const response of [
      await portal.get('/app'),
      await portal.post('/app', applicationIn()),
      await portal.post('/api-key', { name: 'escalate' }),
      await portal.post('/event-type', { name: 'x', description: 'x' }),
      await portal.delete(`/app/${mine.id}`),
      await portal.post(`/app/${mine.id}/msg`, messageIn()),
      await portal.post(`/auth/app-portal-access/${mine.id}`, {}),
    ]) {
      expect(response).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
    expect((await hookline.api.get(`/app/${theirs.id}/endpoint`)).body.data).toHaveLength(1);
    await receiver.close();
  });

  it('refuses read-only writes, expired tokens and forged tokens', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const readOnly = (await hookline.api.post(`/auth/app-portal-access/${app.id}`, { readOnly: true })).body.token;
    expect((await new HooklineApi(hookline.url, readOnly).get(`/app/${app.id}/endpoint`)).status).toBe(200);
    expect((await new HooklineApi(hookline.url, readOnly).post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/x' }))).status).toBe(403);
    // A read-only viewer must not get what it takes to forge the customer's webhooks.
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/y' }))).body;
    expect((await new HooklineApi(hookline.url, readOnly).get(`/app/${app.id}/endpoint/${endpoint.id}`)).status).toBe(200);
    expect((await new HooklineApi(hookline.url, readOnly).get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).status).toBe(403);

    const shortLived = (await hookline.api.post(`/auth/app-portal-access/${app.id}`, { expiry: 1 })).body.token;
    expect((await new HooklineApi(hookline.url, shortLived).get(`/app/${app.id}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await new HooklineApi(hookline.url, shortLived).get(`/app/${app.id}`)).status).toBe(401);

    const [payload, signature] = readOnly.slice(4).split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), readOnly: false })).toString('base64url');
    expect((await new HooklineApi(hookline.url, `hkp_${widened}.${signature}`).get(`/app/${app.id}`)).status).toBe(401);
    expect((await hookline.api.post('/auth/app-portal-access/app_unknown', {})).status).toBe(404);
    expect((await hookline.api.post(`/auth/app-portal-access/${app.id}`, { expiry: 0 })).status).toBe(422);
  });
});
