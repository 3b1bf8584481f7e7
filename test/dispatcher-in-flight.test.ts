import { Server, createServer } from 'node:http';
import { connect } from 'nats';
import { StreamKind } from '@hookline/contracts';
import { TestHookline, applicationIn, endpointIn, eventually, listenLocally, messageIn, startTestHookline } from '@hookline/testing';
import { loadDispatcherConfig } from '../apps/dispatcher/src/config/dispatcher.config';

/** A receiver that holds every request for `holdMs` and records how many it held at once. */
async function startSlowReceiver(holdMs: number): Promise<{ url: string; answered: () => number; mostAtOnce: () => number; close: () => Promise<void> }> {
  let open = 0;
  let most = 0;
  let answered = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      most = Math.max(most, ++open);
      setTimeout(() => {
        open--;
        answered++;
        res.statusCode = 204;
        res.end();
      }, holdMs);
    });
  });
  return { ...(await listenLocally(server, '/webhook')), answered: () => answered, mostAtOnce: () => most };
}

describe('requests in flight across the dispatcher', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline({ env: { HOOKLINE_MAX_IN_FLIGHT: '4' }, eventTypes: ['slow'] });
  });

  afterAll(() => hookline?.stop());

  it('never sends more than HOOKLINE_MAX_IN_FLIGHT at once, whatever the endpoint allows', async () => {
    const receiver = await startSlowReceiver(200);
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    // The endpoint alone would take 50 at once (the default maxConcurrency).
    await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, filterTypes: ['slow'] }));
    for (let i = 0; i < 20; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'slow', payload: { i } }));
    await eventually(async () => expect(receiver.answered()).toBe(20), 30_000);
    expect(receiver.mostAtOnce()).toBe(4);
    await receiver.close();
  });

  it('leaves the tasks it could not send soon in JetStream rather than holding them all in memory', async () => {
    const receivers = await Promise.all(Array.from({ length: 5 }, () => startSlowReceiver(100)));
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    const endpointIds: string[] = [];
    for (const receiver of receivers) endpointIds.push((await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, filterTypes: ['slow'] }))).body.id);
    const nc = await connect({ servers: hookline.env.NATS_URL });
    try {
      const jsm = await nc.jetstreamManager();
      const deliveries = hookline.namespace.names.stream(StreamKind.Deliveries);
      const handedOut = async () => {
        const lanes = await Promise.all(endpointIds.map((id) => jsm.consumers.info(deliveries, `lane_${id}`).catch(() => undefined)));
        return lanes.reduce((sum, lane) => sum + (lane?.num_ack_pending ?? 0), 0);
      };

      // 100 tasks, 20 per endpoint; with each lane pulling up to its concurrency (50), all 100 were handed out at once.
      for (let i = 0; i < 20; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'slow', payload: { i } }));
      let mostHandedOut = 0;
      await eventually(async () => {
        mostHandedOut = Math.max(mostHandedOut, await handedOut());
        expect(receivers.map((receiver) => receiver.answered())).toEqual([20, 20, 20, 20, 20]);
      }, 60_000, 20);
      // Five lanes sharing 4 slots hold 2 tasks each once they are sending; a lane's first pull
      // (before it shares the slots) asks for 4.
      expect(mostHandedOut).toBeGreaterThan(0);
      expect(mostHandedOut).toBeLessThanOrEqual(20);
    } finally {
      await nc.close();
      await Promise.all(receivers.map((receiver) => receiver.close()));
    }
  }, 90_000);

  it('lets the tasks waiting for a slot go out before it shuts down, none of them recorded as failed', async () => {
    const receiver = await startSlowReceiver(200);
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    const endpointId = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, filterTypes: ['slow'] }))).body.id;
    for (let i = 0; i < 12; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'slow', payload: { i } }));
    // Four in flight, the rest waiting for a slot, when the shutdown begins.
    await eventually(() => expect(receiver.mostAtOnce()).toBe(4));
    await hookline.stopServices();
    await hookline.restartServices();

    await eventually(async () => expect(receiver.answered()).toBe(12), 30_000);
    const attempts: { status: number; response: string }[] = await eventually(async () => {
      const listed = (await hookline.api.get(`/app/${appId}/attempt/endpoint/${endpointId}?limit=50`)).body.data;
      expect(listed.filter((attempt: { status: number }) => attempt.status === 0)).toHaveLength(12);
      return listed;
    });
    expect(attempts.filter((attempt) => attempt.status !== 0).map((attempt) => attempt.response)).toEqual([]);
    await receiver.close();
  });

  it('refuses a limit that is not a positive integer, naming the variable', () => {
    const env = { HOOKLINE_MASTER_KEY: '00'.repeat(32), NATS_URL: 'nats://127.0.0.1:4222' };
    expect(loadDispatcherConfig(env).maxInFlight).toBe(512);
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => loadDispatcherConfig({ ...env, HOOKLINE_MAX_IN_FLIGHT: bad })).toThrow(/HOOKLINE_MAX_IN_FLIGHT/);
    }
  });
});
