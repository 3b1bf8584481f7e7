import { connect, JsMsg, NatsConnection } from 'nats';
import { Client } from 'pg';
import pino from 'pino';
import { StreamKind } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { HooklineProducer } from '@hookline/producer';
import { RegistryFollower, registryWatermarkHeaders } from '@hookline/registry-model';
import { TestHookline, WebhookReceiver, applicationIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';
import { MessageRouterService } from '../apps/event-router/src/routing/message-router.service';

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

/**
 * The message log trails MESSAGES by a batch; queries still see every message accepted before
 * them. The log's linger is stretched here so a query that did not wait for it would miss.
 */
describe('read your writes in the message log', () => {
  let hookline: TestHookline;
  let producerConnection: NatsConnection;

  beforeAll(async () => {
    hookline = await startTestHookline({ env: { HOOKLINE_ATTEMPT_LOG_LINGER_MS: '400' } });
    producerConnection = await connect({ servers: hookline.env.NATS_URL });
  });

  afterAll(async () => {
    await producerConnection?.close();
    await hookline?.stop();
  });

  it('finds a message by id and eventId, and lists it, as soon as its create call returned', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    for (let round = 0; round < 3; round++) {
      const created = await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventId: `evt-${round}`, payload: { round } }));
      expect(created.status).toBe(201);
      const byId = await hookline.api.get(`/app/${app.id}/msg/${created.body.id}`);
      expect(byId.status).toBe(200);
      expect(byId.body.payload).toEqual({ round });
      expect((await hookline.api.get(`/app/${app.id}/msg/evt-${round}`)).body.id).toBe(created.body.id);
      expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data[0].id).toBe(created.body.id);
    }
    expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data).toHaveLength(3);
  });

  it('lists a message published over NATS as soon as JetStream acknowledged it', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const producer = new HooklineProducer(producerConnection.jetstream(), hookline.namespace.names);
    await producer.send('org_default', app.id, messageIn({ eventId: 'over-nats', payload: { via: 'nats' } }));
    const listed = await hookline.api.get(`/app/${app.id}/msg`);
    expect(listed.body.data.map((message: { eventId: string }) => message.eventId)).toEqual(['over-nats']);
    expect((await hookline.api.get(`/app/${app.id}/msg/over-nats`)).body.payload).toEqual({ via: 'nats' });
  });

  it('still answers 404 for a message that does not exist', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const missing = await hookline.api.get(`/app/${app.id}/msg/msg_doesnotexist`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found' });
  });
});

/**
 * The router sees registry changes through its own view of REGISTRY, which may trail the
 * registry. Here a router's view applies every change 500 ms late: a message sent right after an
 * endpoint's create call returned must still be routed to that endpoint (the router waits at the
 * change's watermark in MESSAGES), where routing with the view as it stands would miss it.
 */
describe('read your writes in the router, with a registry view that trails', () => {
  const LAG_MS = 500;
  let hookline: TestHookline;
  let nc: NatsConnection;
  let nats: NatsClients;
  let follower: RegistryFollower;
  let router: MessageRouterService;
  const tasks: string[] = [];

  beforeAll(async () => {
    hookline = await startTestHookline();
    nc = await connect({ servers: hookline.env.NATS_URL });
    nats = new NatsClients(nc, nc.jetstream(), await nc.jetstreamManager(), hookline.namespace.names);
    follower = new RegistryFollower(nats.js, nats.jsm, nats.names, pino({ enabled: false }));
    const applyNow = follower['apply'].bind(follower);
    Object.assign(follower, { apply: (message: JsMsg) => setTimeout(() => applyNow(message), LAG_MS) });
    await follower.start();
    const publish = nats.publisher.publish.bind(nats.publisher);
    nats.publisher.publish = (subject, data, options) => (tasks.push(subject), publish(subject, data, options));
    router = new MessageRouterService(nats, follower, pino({ enabled: false }));
  });

  afterAll(async () => {
    follower?.stop();
    await nc?.close();
    await hookline?.stop();
  });

  async function nextMessagesSeq(): Promise<number> {
    return (await nats.jsm.streams.info(nats.names.stream(StreamKind.Messages))).state.last_seq + 1;
  }

  /** MESSAGES from `fromSeq` up to the first message to the app (watermarks included), as the router's consumer gets them. */
  async function messagesUpTo(appId: string, fromSeq: number): Promise<JsMsg[]> {
    const entries: JsMsg[] = [];
    const ordered = await nats.js.consumers.get(nats.names.stream(StreamKind.Messages), { opt_start_seq: fromSeq });
    for await (const entry of await ordered.fetch({ max_messages: 100, expires: 2000 })) {
      entries.push(entry);
      if (entry.subject === nats.names.message('org_default', appId)) break;
    }
    return entries;
  }

  async function knownApp(): Promise<{ id: string }> {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    await eventually(() => expect(follower.view.findApp('org_default', app.id)).toBeDefined());
    return app;
  }

  it('routes a message sent right after an endpoint was created to that endpoint', async () => {
    const app = await knownApp();
    const fromSeq = await nextMessagesSeq();
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, { url: 'http://127.0.0.1:9/webhook' })).body;
    await new HooklineProducer(nats.js, nats.names).send('org_default', app.id, messageIn());
    expect(follower.view.endpoint(endpoint.id)).toBeUndefined();

    tasks.length = 0;
    await router.route(await messagesUpTo(app.id, fromSeq));
    expect(tasks).toEqual([nats.names.delivery('org_default', app.id, endpoint.id)]);

    // The message log skips the watermarks: it logs the message and rejects nothing.
    expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data).toHaveLength(1);
    const database = new Client({ connectionString: hookline.database.url });
    await database.connect();
    try {
      expect((await database.query('SELECT count(*)::int AS count FROM rejected_messages')).rows[0].count).toBe(0);
    } finally {
      await database.end();
    }
  });

  it('goes on past a watermark the registry never reaches (REGISTRY recreated since)', async () => {
    const app = await knownApp();
    const fromSeq = await nextMessagesSeq();
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, { url: 'http://127.0.0.1:9/webhook' })).body;
    await nats.js.publish(nats.names.registryWatermark(), new Uint8Array(0), { headers: registryWatermarkHeaders(1_000_000_000) });
    await new HooklineProducer(nats.js, nats.names).send('org_default', app.id, messageIn());

    tasks.length = 0;
    await router.route(await messagesUpTo(app.id, fromSeq));
    expect(tasks).toEqual([nats.names.delivery('org_default', app.id, endpoint.id)]);
  });
});
