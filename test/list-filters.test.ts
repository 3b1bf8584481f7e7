import { TestHookline, applicationIn, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** Svix's list parameters: paging both ways, time windows, event types, channels, status, content. */
describe('list paging and filters', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline({ eventTypes: ['a.happened', 'b.happened'] });
  });

  afterAll(() => hookline?.stop());

  it('pages messages forwards and back with iterators, and filters them', async () => {
    let n = 0;
    const receiver = await startWebhookReceiver(() => (++n % 2 === 0 ? 500 : 204));
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { maxAttempts: 1 } }))).body;
    const sent: any[] = [];
    for (let i = 0; i < 7; i++) {
      sent.push((await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventType: i % 2 ? 'b.happened' : 'a.happened', channels: [`ch-${i % 3}`], payload: { i } }))).body);
    }
    const newestFirst = [...sent].reverse().map((m) => m.id);
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data).toHaveLength(7));

    const first = (await hookline.api.get(`/app/${app.id}/msg?limit=3`)).body;
    expect(first).toMatchObject({ done: false });
    expect(first.data.map((m: any) => m.id)).toEqual(newestFirst.slice(0, 3));
    const second = (await hookline.api.get(`/app/${app.id}/msg?limit=3&iterator=${first.iterator}`)).body;
    expect(second.data.map((m: any) => m.id)).toEqual(newestFirst.slice(3, 6));
    const back = (await hookline.api.get(`/app/${app.id}/msg?limit=3&iterator=${second.prevIterator}`)).body;
    expect(back.data.map((m: any) => m.id)).toEqual(newestFirst.slice(0, 3));
    const last = (await hookline.api.get(`/app/${app.id}/msg?limit=3&iterator=${second.iterator}`)).body;
    expect(last).toMatchObject({ done: true, data: [expect.objectContaining({ id: newestFirst[6] })] });

    const ofType = (await hookline.api.get(`/app/${app.id}/msg?event_types=b.happened`)).body.data;
    expect(ofType.map((m: any) => m.payload.i)).toEqual([5, 3, 1]);
    const inChannel = (await hookline.api.get(`/app/${app.id}/msg?channel=ch-0`)).body.data;
    expect(inChannel.map((m: any) => m.payload.i)).toEqual([6, 3, 0]);
    const after = (await hookline.api.get(`/app/${app.id}/msg?after=${encodeURIComponent(sent[4].timestamp)}`)).body.data;
    expect(after.map((m: any) => m.payload.i)).toEqual(expect.arrayContaining([6, 5]));
    expect(after.map((m: any) => m.payload.i)).not.toContain(3);
    const bare = (await hookline.api.get(`/app/${app.id}/msg?with_content=false&limit=1`)).body.data[0];
    expect(bare.payload).toEqual({});

    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}`)).body.data).toHaveLength(7));
    const failed = (await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}?status=2`)).body.data;
    expect(failed).toHaveLength(3);
    expect(failed.every((a: any) => a.status === 2)).toBe(true);
    expect((await hookline.api.get(`/app/${app.id}/msg?before=yesterday`)).status).toBe(422);
    expect((await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}?status=9`)).status).toBe(422);
    await receiver.close();
  });

  it('answers a page too large for the message bus with 413, and keeps serving', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const payload = { text: 'x'.repeat(6 * 1024) };
    await Promise.all(Array.from({ length: 220 }, () => hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload }))));
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg?limit=250&with_content=false`)).body.data).toHaveLength(220));
    expect(await hookline.api.get(`/app/${app.id}/msg?limit=250`)).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect((await hookline.api.get(`/app/${app.id}/msg?limit=20`)).body.data).toHaveLength(20);
  });
});
