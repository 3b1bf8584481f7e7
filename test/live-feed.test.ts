import { TestHookline, applicationIn, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** Reads Server-Sent Events from a streaming response until `done` says enough. */
async function readEvents(response: Response, done: (events: { event: string; data: any }[]) => boolean, timeoutMs = 20_000) {
  const reader = response.body!.getReader();
  const events: { event: string; data: any }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!done(events)) {
    if (Date.now() > deadline) throw new Error(`saw only ${JSON.stringify(events)}`);
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += new TextDecoder().decode(value);
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      if (field('data')) events.push({ event: field('event') ?? 'message', data: JSON.parse(field('data')!) });
    }
  }
  await reader.cancel();
  return events;
}

describe('live feed (SSE)', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('streams an app’s new messages and their attempts, and nothing of other apps', async () => {
    const receiver = await startWebhookReceiver();
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const other = (await hookline.api.post('/app', applicationIn())).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }));
    await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { before: 'the stream' } }));
    await receiver.waitFor(1);

    const response = await fetch(`${hookline.url}/api/v1/app/${app.id}/stream`, { headers: { authorization: `Bearer ${hookline.adminToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await hookline.api.post(`/app/${other.id}/msg`, messageIn());
    const sent = (await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { live: true } }))).body;

    const events = await readEvents(response, (seen) => seen.some((e) => e.event === 'attempt' && e.data.msgId === sent.id));
    expect(events.filter((e) => e.event === 'message').map((e) => e.data)).toEqual([expect.objectContaining({ id: sent.id, payload: { live: true } })]);
    expect(events.find((e) => e.event === 'attempt' && e.data.msgId === sent.id)!.data).toMatchObject({ status: 0, responseStatusCode: 204 });
    await receiver.close();
  });

  it('refuses another org’s app, an unknown app and a missing token', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const otherOrgKey = (await hookline.api.post('/api-key', { name: 'another org', newOrg: true })).body.key;
    const stream = (appId: string, token?: string) => fetch(`${hookline.url}/api/v1/app/${appId}/stream`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    const acrossOrgs = await stream(app.id, otherOrgKey);
    expect(acrossOrgs.status).toBe(404);
    expect(await acrossOrgs.text()).not.toContain(app.id);
    expect((await stream('app_unknown', hookline.adminToken)).status).toBe(404);
    expect((await stream(app.id)).status).toBe(401);
  });

  it('ends the stream of a portal token once the app’s tokens are expired', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const { token } = (await hookline.api.post(`/auth/app-portal-access/${app.id}`, {})).body;
    const response = await fetch(`${hookline.url}/api/v1/app/${app.id}/stream`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect((await hookline.api.post(`/auth/app/${app.id}/expire-all`, {})).status).toBe(204);
    await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { after: 'expiry' } }));

    const reader = response.body!.getReader();
    let received = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += new TextDecoder().decode(chunk.value);
    expect(received).not.toContain('expiry');
  });
});
