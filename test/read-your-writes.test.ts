import { DiscardPolicy, connect, JsMsg, NatsConnection } from 'nats';
import { Client } from 'pg';
import pino from 'pino';
import { StreamKind } from '@hookline/contracts';
import { NatsClients } from '@hookline/messaging';
import { HooklineProducer } from '@hookline/producer';
import { RegistryFollower, registryWatermarkHeaders } from '@hookline/registry-model';
import { TestHookline, WebhookReceiver, applicationIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';
import { loadRouterConfig } from '../apps/event-router/src/config/router.config';
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

  it('says a change was stored when MESSAGES refused its watermark, instead of a bare failure', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const jsm = await producerConnection.jetstreamManager();
    const stream = hookline.namespace.names.stream(StreamKind.Messages);
    const { config, state } = await jsm.streams.info(stream);
    // A full stream that discards new messages refuses every publish, the watermark's too.
    await jsm.streams.update(stream, { ...config, discard: DiscardPolicy.New, max_msgs: state.messages });
    try {
      const renamed = await hookline.api.put(`/app/${app.id}`, applicationIn({ name: 'renamed while MESSAGES is full' }));
      expect(renamed).toMatchObject({ status: 503, body: { code: 'unavailable', detail: expect.stringContaining('the change was stored') } });
    } finally {
      await jsm.streams.update(stream, config);
    }
    expect((await hookline.api.get(`/app/${app.id}`)).body.name).toBe('renamed while MESSAGES is full');
  });
});

/**
 * The router sees registry changes through its own view of REGISTRY, which may trail the
 * registry. Here the view's updates are held back: a message sent right after an endpoint's
 * create call returned must still be routed to that endpoint, whether the router handling it saw
 * the change's watermark in MESSAGES (it waits there) or another replica did (it catches up).
 */
describe('read your writes in the router, with a registry view that trails', () => {
  let hookline: TestHookline;
  let nc: NatsConnection;
  let nats: NatsClients;
  let follower: RegistryFollower;
  let held: JsMsg[] | undefined;
  let applyNow: (message: JsMsg) => void;
  const tasks: string[] = [];
  const logger = pino({ enabled: false });

  beforeAll(async () => {
    hookline = await startTestHookline();
    nc = await connect({ servers: hookline.env.NATS_URL });
    nats = new NatsClients(nc, nc.jetstream(), await nc.jetstreamManager(), hookline.namespace.names);
    follower = new RegistryFollower(nats.js, nats.jsm, nats.names, logger);
    applyNow = follower['apply'].bind(follower);
    Object.assign(follower, { apply: (message: JsMsg) => (held ? held.push(message) : applyNow(message)) });
    await follower.start();
    const publish = nats.publisher.publish.bind(nats.publisher);
    nats.publisher.publish = (subject, data, options) => (tasks.push(subject), publish(subject, data, options));
  });

  afterAll(async () => {
    follower?.stop();
    await nc?.close();
    await hookline?.stop();
  });

  function release(): void {
    const queued = held ?? [];
    held = undefined;
    queued.forEach(applyNow);
  }

  async function lastMessagesSeq(): Promise<number> {
    return (await nats.jsm.streams.info(nats.names.stream(StreamKind.Messages))).state.last_seq;
  }

  /** MESSAGES entries from..until (watermarks included), as the router's consumer gets them. */
  async function entries(from: number, until: number): Promise<JsMsg[]> {
    const found: JsMsg[] = [];
    const ordered = await nats.js.consumers.get(nats.names.stream(StreamKind.Messages), { opt_start_seq: from });
    for await (const entry of await ordered.fetch({ max_messages: until - from + 1, expires: 2000 })) {
      found.push(entry);
      if (entry.seq >= until) break;
    }
    return found;
  }

  /** A router that has handled every MESSAGES entry so far, in order. */
  async function routerInStep(): Promise<MessageRouterService> {
    const router = new MessageRouterService(nats, follower, loadRouterConfig(hookline.env), logger);
    await router.route(await entries(1, await lastMessagesSeq()));
    return router;
  }

  /**
   * An app, a router in step with MESSAGES, then, with the view's updates held back, an endpoint
   * created and a message sent to the app: the MESSAGES entries those two made.
   */
  async function endpointThenMessage(): Promise<{ router: MessageRouterService; endpointTask: string; made: JsMsg[] }> {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    await eventually(() => expect(follower.view.findApp('org_default', app.id)).toBeDefined());
    const router = await routerInStep();
    const before = await lastMessagesSeq();
    held = [];
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, { url: 'http://127.0.0.1:9/webhook' })).body;
    await new HooklineProducer(nats.js, nats.names).send('org_default', app.id, messageIn());
    expect(follower.view.endpoint(endpoint.id)).toBeUndefined();
    return { router, endpointTask: nats.names.delivery('org_default', app.id, endpoint.id), made: await entries(before + 1, await lastMessagesSeq()) };
  }

  /** Routes `batch` while the view is held back, then lets the view go on; the tasks routed. */
  async function routeWhileHeld(router: MessageRouterService, batch: JsMsg[]): Promise<string[]> {
    tasks.length = 0;
    const routed = router.route(batch);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tasks).toEqual([]);
    release();
    await routed;
    return [...tasks];
  }

  it('waits at the watermark of an endpoint created right before a message', async () => {
    const { router, endpointTask, made } = await endpointThenMessage();
    expect(made.map((entry) => entry.subject)).toEqual([nats.names.registryWatermark(), expect.stringContaining('.msg.org_default.')]);
    expect(await routeWhileHeld(router, made)).toEqual([endpointTask]);

    // The message log skips the watermarks: it rejects nothing.
    const database = new Client({ connectionString: hookline.database.url });
    await database.connect();
    try {
      expect((await database.query('SELECT count(*)::int AS count FROM rejected_messages')).rows[0].count).toBe(0);
    } finally {
      await database.end();
    }
  });

  it('catches up when the watermark went to another replica', async () => {
    const { router, endpointTask, made } = await endpointThenMessage();
    const [, message] = made;
    expect(await routeWhileHeld(router, [message])).toEqual([endpointTask]);
  });

  it('goes on past a watermark the registry never reaches (a forged one, or REGISTRY recreated since)', async () => {
    const router = await routerInStep();
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, { url: 'http://127.0.0.1:9/webhook' })).body;
    const before = await lastMessagesSeq();
    await nats.js.publish(nats.names.registryWatermark(), new Uint8Array(0), { headers: registryWatermarkHeaders(1_000_000_000) });
    await new HooklineProducer(nats.js, nats.names).send('org_default', app.id, messageIn());
    tasks.length = 0;
    await router.route(await entries(before + 1, await lastMessagesSeq()));
    expect(tasks).toEqual([nats.names.delivery('org_default', app.id, endpoint.id)]);
  });
});
