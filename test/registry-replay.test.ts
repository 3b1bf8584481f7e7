import { TestHookline, applicationIn, createTestDatabase, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** The Postgres registry is a projection: rebuilt from REGISTRY alone, it must come back identical. */
describe('registry replay', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline({ eventTypes: ['user.created'] });
  });

  afterAll(() => hookline?.stop());

  it('rebuilds the same apps, endpoints and secrets into an empty database', async () => {
    const receiver = await startWebhookReceiver();
    const { api } = hookline;
    const kept = (await api.post('/app', applicationIn({ name: 'kept', metadata: { team: 'a' } }))).body;
    const renamed = (await api.post('/app', applicationIn({ name: 'before' }))).body;
    await api.put(`/app/${renamed.id}`, { name: 'after', uid: renamed.uid });
    const deleted = (await api.post('/app', applicationIn({ name: 'deleted' }))).body;
    await api.post(`/app/${deleted.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/gone' }));
    expect((await api.delete(`/app/${deleted.id}`)).status).toBe(204);
    const endpoint = (await api.post(`/app/${kept.id}/endpoint`, endpointIn({ url: receiver.url, filterTypes: ['user.created'], headers: { 'x-team': 'a' } }))).body;
    await api.put(`/app/${kept.id}/endpoint/${endpoint.id}`, endpointIn({ url: receiver.url, description: 'updated', filterTypes: ['user.created'] }));
    const removed = (await api.post(`/app/${kept.id}/endpoint`, endpointIn({ url: 'http://127.0.0.1:9/removed' }))).body;
    await api.delete(`/app/${kept.id}/endpoint/${removed.id}`);

    const snapshot = async () => ({
      apps: (await hookline.api.get('/app')).body.data,
      endpoints: (await hookline.api.get(`/app/${kept.id}/endpoint`)).body.data,
      secret: (await hookline.api.get(`/app/${kept.id}/endpoint/${endpoint.id}/secret`)).body,
    });
    const before = await snapshot();
    expect(before.apps.map((app: any) => app.name)).toEqual(['kept', 'after']);
    expect(before.endpoints.map((e: any) => e.description)).toEqual(['updated']);

    await hookline.stopServices();
    const empty = await createTestDatabase();
    try {
      await hookline.restartServices({ DATABASE_URL: empty.url });
      expect(await snapshot()).toEqual(before);

      // The replayed endpoint is live: it still receives, with its custom header, what it filters for.
      await hookline.api.post(`/app/${kept.id}/msg`, messageIn({ eventType: 'user.created', payload: { after: 'replay' } }));
      const [request] = await receiver.waitFor(1);
      expect(JSON.parse(request.body)).toEqual({ after: 'replay' });
      expect(request.headers['x-team']).toBe('a');
    } finally {
      await hookline.stopServices();
      await hookline.restartServices({ DATABASE_URL: hookline.database.url });
      await empty.drop();
      await receiver.close();
    }
  });
});
