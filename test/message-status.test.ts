import { TestHookline, applicationIn, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

describe('delivery status per endpoint, attempts, content deletion and send-example', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline({ env: { HOOKLINE_RETRY_SCHEDULE: '600' } });
  });

  afterAll(() => hookline?.stop());

  it('reports success, failure and pending retries per endpoint, and stats', async () => {
    const [ok, gone, flaky] = [await startWebhookReceiver(), await startWebhookReceiver(() => 500), await startWebhookReceiver(() => 503)];
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const create = async (body: Record<string, unknown> & { url: string }) => (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn(body))).body;
    const okEndpoint = await create({ url: ok.url });
    const exhausted = await create({ url: gone.url, retryPolicy: { maxAttempts: 1 } });
    const retrying = await create({ url: flaky.url });
    const sent = (await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { secret: 'pii' } }))).body;

    const destinations = await eventually(async () => {
      const list = (await hookline.api.get(`/app/${app.id}/msg/${sent.id}/endpoint`)).body;
      expect(list.data).toHaveLength(3);
      return list.data;
    });
    const statusOf = (id: string) => destinations.find((d: any) => d.id === id).status;
    expect([statusOf(okEndpoint.id), statusOf(exhausted.id), statusOf(retrying.id)]).toEqual([0, 2, 1]);
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${exhausted.id}/stats`)).body).toEqual({ success: 0, pending: 0, sending: 0, fail: 1 });
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${retrying.id}/stats`)).body).toEqual({ success: 0, pending: 1, sending: 0, fail: 0 });
    const delivered = (await hookline.api.get(`/app/${app.id}/endpoint/${okEndpoint.id}/msg`)).body;
    expect(delivered.data).toMatchObject([{ id: sent.id, status: 0, payload: { secret: 'pii' } }]);

    // An endpoint deleted since keeps its attempts, but is no longer among the message's destinations.
    expect((await hookline.api.delete(`/app/${app.id}/endpoint/${exhausted.id}`)).status).toBe(204);
    await eventually(async () => {
      const remaining = (await hookline.api.get(`/app/${app.id}/msg/${sent.id}/endpoint`)).body.data;
      expect(remaining.map((d: any) => d.id).sort()).toEqual([okEndpoint.id, retrying.id].sort());
    });
    expect((await hookline.api.get(`/app/${app.id}/attempt/msg/${sent.id}`)).body.data).toHaveLength(3);

    const [attempt] = (await hookline.api.get(`/app/${app.id}/attempt/endpoint/${okEndpoint.id}`)).body.data;
    expect((await hookline.api.get(`/app/${app.id}/msg/${sent.id}/attempt/${attempt.id}`)).body).toEqual(attempt);
    expect((await hookline.api.get(`/app/${app.id}/msg/${sent.id}/attempt/atmpt_unknown`)).status).toBe(404);

    expect((await hookline.api.delete(`/app/${app.id}/msg/${sent.id}/content`)).status).toBe(204);
    const erased = (await hookline.api.get(`/app/${app.id}/msg/${sent.id}`)).body;
    expect(erased).toMatchObject({ id: sent.id, payload: {} });
    await Promise.all([ok.close(), gone.close(), flaky.close()]);
  });

  it('sends an example to one endpoint only: a given payload, or the event type schema example', async () => {
    const [target, bystander] = [await startWebhookReceiver(), await startWebhookReceiver()];
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: target.url }))).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: bystander.url }));
    await hookline.api.post('/event-type', { name: 'job.complete', description: 'done', schemas: { '1': { type: 'object', examples: [{ job: 'example-job' }] } } });

    const custom = await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/send-example`, { eventType: 'job.complete', payload: { job: 'custom' } });
    expect(custom.status).toBe(201);
    await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/send-example`, { eventType: 'job.complete' });
    const requests = await target.waitFor(2);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual(expect.arrayContaining([{ job: 'custom' }, { job: 'example-job' }]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bystander.requests).toHaveLength(0);
    expect((await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/send-example`, { eventType: 'no.such.type' })).status).toBe(404);
    await Promise.all([target.close(), bystander.close()]);
  });
});
