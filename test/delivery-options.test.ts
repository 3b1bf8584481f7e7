import { TestHookline, applicationIn, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

describe('per-endpoint delivery options', () => {
  let hookline: TestHookline;
  let appId: string;

  beforeAll(async () => {
    hookline = await startTestHookline({
      env: { HOOKLINE_CIRCUIT_FAILURE_THRESHOLD: '5', HOOKLINE_CIRCUIT_OPEN_MS: '600000' },
      eventTypes: ['circuit', 'job.complete', 'ordered', 'throttled'],
    });
    appId = (await hookline.api.post('/app', applicationIn())).body.id;
  });

  afterAll(() => hookline?.stop());

  const createEndpoint = async (body: Record<string, unknown> & { url: string }) => (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn(body))).body;
  const send = async (eventType: string, count: number) => {
    for (let i = 0; i < count; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType, payload: { i } }));
  };

  it('stops calling an endpoint once its circuit opens', async () => {
    const failing = await startWebhookReceiver(() => 503);
    await createEndpoint({ url: failing.url, filterTypes: ['circuit'], maxConcurrency: 1 });
    await send('circuit', 30);
    await failing.waitFor(5);
    // The circuit rests for ten minutes after five failures: nothing else reaches the receiver.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(failing.requests).toHaveLength(5);
    await failing.close();
  });

  it('enforces rateLimit as requests per second', async () => {
    const receiver = await startWebhookReceiver();
    await createEndpoint({ url: receiver.url, filterTypes: ['throttled'], rateLimit: 10 });
    await send('throttled', 25);
    const requests = await receiver.waitFor(25, 30_000);
    const times = requests.map((request) => request.receivedAt);
    // A burst of 10, then 15 more at 10/s: at least 1.4 s from first to last (a lower bound only).
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(1400);
    await receiver.close();
  });

  it('delivers a FIFO endpoint strictly in order while it fails at random', async () => {
    let n = 0;
    // Deterministic "random" failures: about a third of the requests fail.
    const receiver = await startWebhookReceiver(() => ((n++ * 7919) % 3 === 0 ? 500 : 204));
    const endpoint = await createEndpoint({ url: receiver.url, filterTypes: ['ordered'], ordering: 'fifo', retryPolicy: { schedule: [0.01], maxAttempts: 50 } });
    const count = 40;
    await send('ordered', count);
    await eventually(async () => {
      const delivered = receiver.requests.filter((_, index) => (index * 7919) % 3 !== 0);
      expect(delivered).toHaveLength(count);
    }, 60_000);

    const sequence = receiver.requests.map((request) => JSON.parse(request.body).i as number);
    // Every request is for the oldest message not yet delivered: a retry repeats it, success moves on by one.
    let expected = 0;
    sequence.forEach((i, index) => {
      expect(i).toBe(expected);
      if ((index * 7919) % 3 !== 0) expected++;
    });
    expect(expected).toBe(count);
    // Every request is on the record (the last attempt may still be on its way to the log).
    await eventually(async () => {
      const attempts = await hookline.api.get(`/app/${appId}/attempt/endpoint/${endpoint.id}?limit=250`);
      expect(attempts.body.data).toHaveLength(sequence.length);
    });
    await receiver.close();
  });

  it('keeps delivering after an endpoint changes its concurrency, rate limit and ordering', async () => {
    const receiver = await startWebhookReceiver();
    const endpoint = await createEndpoint({ url: receiver.url, filterTypes: ['job.complete'], uid: 'reconfigured' });
    for (const change of [{ maxConcurrency: 3 }, { rateLimit: 100 }, { ordering: 'fifo' }, { ordering: 'none', maxConcurrency: 7 }]) {
      expect((await hookline.api.request('PATCH', `/app/${appId}/endpoint/${endpoint.id}`, JSON.stringify(change))).status).toBe(200);
    }
    await send('job.complete', 3);
    await receiver.waitFor(3);
    await receiver.close();
  });

  it('sends only {type, id, timestamp} to a thin endpoint', async () => {
    const receiver = await startWebhookReceiver();
    await createEndpoint({ url: receiver.url, filterTypes: ['job.complete'], payloadMode: 'thin' });
    const sent = (await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'job.complete', payload: { output: 'large' } }))).body;
    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toEqual({ type: 'job.complete', id: sent.id, timestamp: expect.any(String) });
    await receiver.close();
  });
});
