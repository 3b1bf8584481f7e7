import { connect, JetStreamManager, NatsConnection } from 'nats';
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
});
