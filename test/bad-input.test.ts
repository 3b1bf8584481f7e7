import { TestHookline, applicationIn, startTestHookline } from '@hookline/testing';

/** Invariant 7: bad input gets a clear 4xx with Svix's error body and changes nothing. */
describe('bad input over HTTP', () => {
  let hookline: TestHookline;
  let appId: string;

  beforeAll(async () => {
    hookline = await startTestHookline();
    appId = (await hookline.api.post('/app', applicationIn())).body.id;
  });

  afterAll(() => hookline?.stop());

  async function expectNothingCreated() {
    expect((await hookline.api.get('/app')).body.data.map((app: any) => app.id)).toEqual([appId]);
    expect((await hookline.api.get(`/app/${appId}/endpoint`)).body.data).toEqual([]);
    expect((await hookline.api.get(`/app/${appId}/msg`)).body.data).toEqual([]);
  }

  afterEach(expectNothingCreated);

  it('answers invalid JSON with 400 {code, detail}', async () => {
    const response = await hookline.api.request('POST', '/app', '{"name": "x",');
    expect(response).toMatchObject({ status: 400, body: { code: 'bad_request', detail: expect.stringMatching(/JSON/) } });
    expect((await hookline.api.request('POST', `/app/${appId}/msg`, 'not json')).status).toBe(400);
  });

  it('answers a missing url with 422 naming the field', async () => {
    const response = await hookline.api.post(`/app/${appId}/endpoint`, { description: 'no url' });
    expect(response.status).toBe(422);
    expect(response.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['body', 'url'], type: 'value_error' })]));
  });

  it.each(['ftp://example.com/hook', 'javascript:alert(1)', 'not a url', ''])('refuses the url %j with 422', async (url) => {
    const response = await hookline.api.post(`/app/${appId}/endpoint`, { url });
    expect(response.status).toBe(422);
    expect(response.body.detail[0].loc).toEqual(['body', 'url']);
  });

  it('answers wrongly typed fields with 422', async () => {
    expect((await hookline.api.post('/app', { name: 5 })).status).toBe(422);
    expect((await hookline.api.post('/app', { name: 'x', uid: 'has space' })).status).toBe(422);
    expect((await hookline.api.post(`/app/${appId}/endpoint`, { url: 'http://127.0.0.1:9/x', filterTypes: 'a' })).status).toBe(422);
    expect((await hookline.api.post(`/app/${appId}/msg`, { eventType: 'x', payload: 'not an object' })).status).toBe(422);
    expect((await hookline.api.post(`/app/${appId}/msg`, { payload: {} })).status).toBe(422);
    expect((await hookline.api.post(`/app/${appId}/msg`, [])).status).toBe(422);
  });

  it('refuses filterTypes naming event types the org has not declared, as Svix', async () => {
    const response = await hookline.api.post(`/app/${appId}/endpoint`, { url: 'http://127.0.0.1:9/x', filterTypes: ['no.such.type'] });
    expect(response.status).toBe(422);
    expect(response.body.detail[0]).toMatchObject({ loc: ['body', 'filterTypes'], msg: expect.stringContaining('no.such.type') });
  });

  it('answers an unknown app or endpoint with 404 {code: not_found}', async () => {
    for (const response of [
      await hookline.api.post('/app/app_unknown/endpoint', { url: 'http://127.0.0.1:9/x' }),
      await hookline.api.post('/app/app_unknown/msg', { eventType: 'x', payload: {} }),
      await hookline.api.get('/app/app_unknown'),
      await hookline.api.get(`/app/${appId}/endpoint/ep_unknown`),
      await hookline.api.get(`/app/${appId}/msg/msg_unknown`),
      await hookline.api.get(`/app/app_unknown/attempt/endpoint/ep_unknown`),
    ]) {
      expect(response).toMatchObject({ status: 404, body: { code: 'not_found', detail: expect.any(String) } });
    }
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ eventType: 'x', payload: { blob: 'x'.repeat(1024 * 1024) } });
    expect((await hookline.api.request('POST', `/app/${appId}/msg`, huge)).status).toBe(413);
  });

  it('refuses a payload whose delivery tasks would not fit in a NATS message with 413', async () => {
    // Under the 1 MiB body limit, but every quote doubles when the payload travels as a string.
    const quoted = { blob: '"'.repeat(600 * 1024) };
    expect(await hookline.api.post(`/app/${appId}/msg`, { eventType: 'x', payload: quoted })).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
  });

  it('refuses custom headers with invalid or reserved names', async () => {
    for (const headers of [{ 'bad name': 'x' }, { 'Content-Length': '1' }, { 'webhook-signature': 'v1,forged' }, { 'x-ok': 'line\r\nbreak' }]) {
      const response = await hookline.api.post(`/app/${appId}/endpoint`, { url: 'http://127.0.0.1:9/x', headers });
      expect(response.status).toBe(422);
      expect(response.body.detail[0].loc).toEqual(['body', 'headers']);
    }
  });

  it('answers a bad list limit with 422', async () => {
    expect((await hookline.api.get('/app?limit=0')).status).toBe(422);
    expect((await hookline.api.get('/app?limit=251')).status).toBe(422);
    expect((await hookline.api.get('/app?limit=ten')).status).toBe(422);
  });

  it('answers a missing or wrong token with 401 and no data', async () => {
    for (const token of ['', 'wrong-token', `${hookline.adminToken}x`]) {
      const response = await hookline.api.request('GET', '/app', undefined, token);
      expect(response).toMatchObject({ status: 401, body: { code: 'authentication_failed' } });
      expect(JSON.stringify(response.body)).not.toContain(appId);
    }
  });

  it('answers an unknown route with 404 {code, detail}', async () => {
    expect(await hookline.api.get('/no-such-route')).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});
