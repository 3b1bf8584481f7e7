import { Svix } from 'svix';
import { newId } from '@hookline/contracts';
import { HooklineApi, TestHookline, WebhookReceiver, endpointIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** PUT on an app, endpoint or event type that does not exist creates it, as Svix's upsert does (201, then 200). */
describe('PUT creates what it names', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;
  let svix: Svix;

  beforeAll(async () => {
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver();
    svix = new Svix(hookline.adminToken, { serverUrl: hookline.url });
  });

  afterAll(async () => {
    await receiver?.close();
    await hookline?.stop();
  });

  it('creates an app, its endpoint and an event type through the svix SDK, addressed by uid', async () => {
    const app = await svix.application.update('put-created-app', { name: 'Created by PUT' });
    expect(app).toMatchObject({ name: 'Created by PUT', uid: 'put-created-app' });
    expect(app.id).toMatch(/^app_/);
    expect((await svix.application.get('put-created-app')).id).toBe(app.id);
    expect((await svix.application.update('put-created-app', { name: 'Renamed by PUT', uid: 'put-created-app' })).id).toBe(app.id);

    const eventType = await svix.eventType.update('order.shipped', { description: 'created by PUT' });
    expect(eventType).toMatchObject({ name: 'order.shipped', description: 'created by PUT' });

    const endpoint = await svix.endpoint.update('put-created-app', 'shipping', { url: receiver.url, filterTypes: ['order.shipped'] });
    expect(endpoint).toMatchObject({ uid: 'shipping', url: receiver.url, filterTypes: ['order.shipped'] });
    expect((await svix.endpoint.get(app.id, 'shipping')).id).toBe(endpoint.id);
    expect((await svix.endpoint.getSecret(app.id, 'shipping')).key).toMatch(/^whsec_/);

    await svix.message.create('put-created-app', { eventType: 'order.shipped', payload: { order: 1 } });
    expect(JSON.parse((await receiver.waitFor(1))[0].body)).toEqual({ order: 1 });
  });

  it('answers 201 when it created and 200 when it updated', async () => {
    const created = await hookline.api.put('/app/put-status', { name: 'first' });
    expect(created).toMatchObject({ status: 201, body: { uid: 'put-status', name: 'first' } });
    expect(await hookline.api.put('/app/put-status', { name: 'second' })).toMatchObject({ status: 200, body: { id: created.body.id, name: 'second', uid: null } });
    // The body's uid wins over the path, as in Svix.
    const named = await hookline.api.put('/app/put-path-name', { name: 'named', uid: 'put-body-uid' });
    expect(named).toMatchObject({ status: 201, body: { uid: 'put-body-uid' } });
    expect((await hookline.api.get('/app/put-path-name')).status).toBe(404);

    const app = created.body.id;
    const endpoint = await hookline.api.put(`/app/${app}/endpoint/ep-by-put`, endpointIn({ url: receiver.url }));
    expect(endpoint).toMatchObject({ status: 201, body: { uid: 'ep-by-put' } });
    expect(await hookline.api.put(`/app/${app}/endpoint/ep-by-put`, endpointIn({ url: receiver.url, uid: 'ep-by-put', description: 'again' }))).toMatchObject({
      status: 200,
      body: { id: endpoint.body.id, description: 'again' },
    });
    expect((await hookline.api.put(`/app/${app}/endpoint/ep-ed25519`, endpointIn({ url: receiver.url, keyType: 'ed25519' }))).status).toBe(201);
    expect((await hookline.api.get(`/app/${app}/endpoint/ep-ed25519/secret`)).body.key).toMatch(/^whpk_/);

    expect((await hookline.api.put('/event-type/put.status', { description: 'new' })).status).toBe(201);
    expect((await hookline.api.put('/event-type/put.status', { description: 'changed' })).status).toBe(200);
  });

  it('lets concurrent PUTs of a new event type all succeed, one of them creating it, and one of concurrent POSTs', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, (_, index) => hookline.api.put('/event-type/put.concurrent', { description: `writer ${index}` })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201]);
    // POST, unlike PUT, creates or fails: one of concurrent creates wins, the others get 409.
    const posts = await Promise.all(Array.from({ length: 4 }, () => hookline.api.post('/event-type', { name: 'post.concurrent', description: 'x' })));
    expect(posts.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('does not create under an id, in another app, in another org, or from a bad body', async () => {
    const app = (await hookline.api.put('/app/put-guarded', { name: 'guarded' })).body;
    expect((await hookline.api.put(`/app/${newId('app')}`, { name: 'x' })).status).toBe(404);
    expect((await hookline.api.put(`/app/${app.id}/endpoint/${newId('ep')}`, endpointIn({ url: receiver.url }))).status).toBe(404);
    expect((await hookline.api.put('/app/no-such-app/endpoint/some-uid', endpointIn({ url: receiver.url }))).status).toBe(404);
    expect((await hookline.api.get('/app/no-such-app')).status).toBe(404);
    expect((await hookline.api.put('/app/put-bad-body', { name: '' })).status).toBe(422);
    expect((await hookline.api.put(`/app/${app.id}/endpoint/bad-body`, { url: 'not a url' })).status).toBe(422);
    expect((await hookline.api.get('/app/put-bad-body')).status).toBe(404);

    const otherOrg = new HooklineApi(hookline.url, (await hookline.api.post('/api-key', { name: 'other org', newOrg: true })).body.key);
    const theirs = await otherOrg.put('/app/put-guarded', { name: 'theirs' });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(app.id);
    expect((await hookline.api.get('/app/put-guarded')).body).toMatchObject({ id: app.id, name: 'guarded' });
    expect((await otherOrg.put(`/app/${app.id}/endpoint/sneaky`, endpointIn({ url: receiver.url }))).status).toBe(404);
    expect((await hookline.api.get(`/app/${app.id}/endpoint`)).body.data).toHaveLength(0);
  });
});
