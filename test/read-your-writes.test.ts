import { connect, NatsConnection } from 'nats';
import { HooklineProducer } from '@hookline/producer';
import { TestHookline, WebhookReceiver, applicationIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

const ROUNDS = 200;

/**
 * Invariant 3: an endpoint whose create call has returned receives every message accepted
 * afterwards, even one published at once on another NATS connection.
 */
describe('read your writes', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;
  let producerConnection: NatsConnection;

  beforeAll(async () => {
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver();
    producerConnection = await connect({ servers: hookline.env.NATS_URL });
  });

  afterAll(async () => {
    await producerConnection?.close();
    await receiver?.close();
    await hookline?.stop();
  });

  it(`delivers to a just-created endpoint in ${ROUNDS} of ${ROUNDS} rounds`, async () => {
    const producer = new HooklineProducer(producerConnection.jetstream(), hookline.namespace.names);
    const expected = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      const app = (await hookline.api.post('/app', applicationIn())).body;
      const path = `/round/${round}`;
      const created = await hookline.api.post(`/app/${app.id}/endpoint`, { url: receiver.url.replace('/webhook', path) });
      expect(created.status).toBe(201);
      // Alternate the two ways in: a direct NATS publish on another connection, and the HTTP API.
      const payload = { round };
      if (round % 2 === 0) await producer.send('org_default', app.id, messageIn({ payload }));
      else await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload }));
      expected.set(path, JSON.stringify(payload));
    }
    await receiver.waitFor(ROUNDS, 60_000);
    const received = new Map(receiver.requests.map((request) => [request.path, request.body]));
    const missed = [...expected.keys()].filter((path) => received.get(path) !== expected.get(path));
    expect(missed).toEqual([]);
    expect(receiver.requests).toHaveLength(ROUNDS);
  });
});
