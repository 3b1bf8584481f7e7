import { createServer, IncomingMessage, Server } from 'node:http';
import { connect } from 'nats';
import { StreamKind } from '@hookline/contracts';
import { TestHookline, applicationIn, endpointIn, eventually, listenLocally, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

const CONCURRENCY = 20;

/** A receiver that reads requests and never answers: every request runs into the timeout. */
async function startBlackHole(): Promise<{ url: string; open: IncomingMessage[]; close(): Promise<void> }> {
  const open: IncomingMessage[] = [];
  const server: Server = createServer((req) => open.push(req));
  return { ...(await listenLocally(server, '/hole')), open };
}

/**
 * Invariant 4: a black-hole endpoint and a failing endpoint with a backlog of waiting retries
 * must not hold up a healthy endpoint. Checked by order of events, not by timing: the healthy
 * endpoint gets everything while the black hole's requests are all still hanging and the failed
 * deliveries are all still waiting for their retry.
 */
describe('isolation between endpoints', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline({
      env: {
        HOOKLINE_DEFAULT_MAX_CONCURRENCY: String(CONCURRENCY),
        HOOKLINE_RETRY_SCHEDULE: '600',
        HOOKLINE_CIRCUIT_FAILURE_THRESHOLD: '1000000',
      },
      eventTypes: ['to.failing', 'to.blackhole', 'to.healthy'],
    });
  });

  afterAll(() => hookline?.stop());

  it('keeps delivering to a healthy endpoint beside a black hole and 1,000 waiting retries', async () => {
    const [blackHole, failing, healthy] = [await startBlackHole(), await startWebhookReceiver(() => 500), await startWebhookReceiver()];
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const create = (url: string, type: string, extra = {}) => hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url, filterTypes: [type], ...extra }));
    const failingEndpoint = (await create(failing.url, 'to.failing')).body;
    const blackHoleEndpoint = (await create(blackHole.url, 'to.blackhole', { timeoutMs: 60_000 })).body;
    await create(healthy.url, 'to.healthy');
    const send = (type: string, count: number) =>
      Promise.all(Array.from({ length: count }, (_, i) => hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventType: type, payload: { i } }))));

    // 1. A failing endpoint whose 1,000 first attempts all failed and now wait ten minutes for a retry.
    await send('to.failing', 1000);
    await failing.waitFor(1000, 60_000);
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    await eventually(async () => expect((await jsm.streams.info(hookline.namespace.names.stream(StreamKind.Retries))).state.messages).toBe(1000));

    // 2. A black hole holding as many requests as it is allowed, with more queued behind them.
    await send('to.blackhole', 100);
    await eventually(() => expect(blackHole.open).toHaveLength(CONCURRENCY));

    // 3. The healthy endpoint gets all of its messages…
    await send('to.healthy', 300);
    await healthy.waitFor(300, 60_000);

    // …while the black hole's requests are all still hanging and the retries all still waiting.
    expect(blackHole.open).toHaveLength(CONCURRENCY);
    expect((await hookline.api.get(`/app/${app.id}/attempt/endpoint/${blackHoleEndpoint.id}`)).body.data).toEqual([]);
    expect(failing.requests).toHaveLength(1000);
    expect((await jsm.streams.info(hookline.namespace.names.stream(StreamKind.Retries))).state.messages).toBe(1000);
    const failedAttempts = await hookline.api.get(`/app/${app.id}/attempt/endpoint/${failingEndpoint.id}?limit=250`);
    expect(failedAttempts.body.data.every((attempt: any) => attempt.status === 2 && attempt.responseStatusCode === 500)).toBe(true);

    await nc.close();
    await Promise.all([blackHole.close(), failing.close(), healthy.close()]);
  });
});
