import { connect, headers, JetStreamManager, NatsConnection } from 'nats';
import { StreamKind } from '@hookline/contracts';
import { TestHookline, WebhookReceiver, applicationIn, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

describe('deleting an endpoint', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver(() => 500);
    nc = await connect({ servers: hookline.env.NATS_URL });
    jsm = await nc.jetstreamManager();
  });

  afterAll(async () => {
    await nc?.close();
    await receiver?.close();
    await hookline?.stop();
  });

  /** Tasks stored on `subject` of the stream. */
  async function stored(kind: StreamKind, subject: string): Promise<number> {
    const info = await jsm.streams.info(hookline.namespace.names.stream(kind), { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  it('drops its tasks waiting for a retry, which no lane would read again', async () => {
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    // An hour before the retry: each failed task waits in RETRIES.
    const endpointId = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { schedule: [3600] } }))).body.id;
    for (let i = 0; i < 3; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ payload: { i } }));
    const retries = hookline.namespace.names.retry('org_default', appId, endpointId);
    await eventually(async () => expect(await stored(StreamKind.Retries, retries)).toBe(3));

    expect((await hookline.api.delete(`/app/${appId}/endpoint/${endpointId}`)).status).toBe(204);
    await eventually(async () => expect(await stored(StreamKind.Retries, retries)).toBe(0));
    expect(await stored(StreamKind.Deliveries, hookline.namespace.names.delivery('org_default', appId, endpointId))).toBe(0);
  });
  it('purges, when the dispatcher starts, tasks left behind for an endpoint already deleted, and keeps those of live endpoints', async () => {
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    const liveId = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { schedule: [3600] } }))).body.id;
    await hookline.api.post(`/app/${appId}/msg`, messageIn());
    const liveRetries = hookline.namespace.names.retry('org_default', appId, liveId);
    await eventually(async () => expect(await stored(StreamKind.Retries, liveRetries)).toBe(1));
    const goneId = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url }))).body.id;
    expect((await hookline.api.delete(`/app/${appId}/endpoint/${goneId}`)).status).toBe(204);

    // Tasks stored after the deletion's purge, as when a router routes to the endpoint, or a
    // delivery fails and schedules its retry, just as it is deleted: no lane will read them. The
    // retry is a copy of the live endpoint's, due in an hour.
    const js = nc.jetstream();
    const goneDeliveries = hookline.namespace.names.delivery('org_default', appId, goneId);
    const goneRetries = hookline.namespace.names.retry('org_default', appId, goneId);
    const retry = await jsm.streams.getMessage(hookline.namespace.names.stream(StreamKind.Retries), { last_by_subj: liveRetries });
    await js.publish(goneDeliveries, new TextEncoder().encode('{}'));
    const retryHeaders = headers();
    for (const [name, values] of retry.header) if (!name.startsWith('Nats-')) for (const value of values) retryHeaders.append(name, value);
    await js.publish(goneRetries, retry.data, { headers: retryHeaders });
    expect([await stored(StreamKind.Deliveries, goneDeliveries), await stored(StreamKind.Retries, goneRetries)]).toEqual([1, 1]);

    await hookline.stopServices();
    await hookline.restartServices();
    await eventually(async () => {
      expect(await stored(StreamKind.Deliveries, goneDeliveries)).toBe(0);
      expect(await stored(StreamKind.Retries, goneRetries)).toBe(0);
    });
    expect(await stored(StreamKind.Retries, liveRetries)).toBe(1);
  });
});
