import { createServer } from 'node:http';
import { connect, NatsConnection, StorageType } from 'nats';
import { Client } from 'pg';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { StreamKind } from '@hookline/contracts';
import { HooklineProducer } from '@hookline/producer';
import {
  ReceivedRequest,
  TestHookline,
  WebhookReceiver,
  applicationIn,
  endpointIn,
  eventually,
  listenLocally,
  messageIn,
  startTestHookline,
  startWebhookReceiver,
} from '@hookline/testing';

const ORG = 'org_default';

/** Checks a delivery with both verifier packages, unchanged, as a receiver would. */
function verifyWithBothPackages(request: ReceivedRequest, secret: string): unknown {
  const h = request.headers as Record<string, string>;
  const standard = new StandardWebhook(secret).verify(request.body, {
    'webhook-id': h['webhook-id'],
    'webhook-timestamp': h['webhook-timestamp'],
    'webhook-signature': h['webhook-signature'],
  });
  const svix = new SvixWebhook(secret).verify(request.body, {
    'svix-id': h['svix-id'],
    'svix-timestamp': h['svix-timestamp'],
    'svix-signature': h['svix-signature'],
  });
  expect(svix).toEqual(standard);
  return standard;
}

describe('the delivery path through all five services', () => {
  let hookline: TestHookline;
  let nc: NatsConnection;

  beforeAll(async () => {
    hookline = await startTestHookline({ eventTypes: ['invoice.paid', 'user.created', 'user.deleted'] });
    nc = await connect({ servers: hookline.env.NATS_URL });
  });

  afterAll(async () => {
    await nc?.close();
    await hookline?.stop();
  });

  async function appWithEndpoint(receiver: Pick<WebhookReceiver, 'url'>, endpoint: Record<string, unknown> = {}) {
    const app = await hookline.api.post('/app', applicationIn());
    expect(app.status).toBe(201);
    const created = await hookline.api.post(`/app/${app.body.id}/endpoint`, endpointIn({ url: receiver.url, ...endpoint }));
    expect(created.status).toBe(201);
    const secret = await hookline.api.get(`/app/${app.body.id}/endpoint/${created.body.id}/secret`);
    expect(secret.body.key).toMatch(/^whsec_/);
    return { app: app.body, endpoint: created.body, secret: secret.body.key as string };
  }

  it('keeps every stream on disk (invariant 1: accepted means stored in JetStream on disk)', async () => {
    const jsm = await nc.jetstreamManager();
    for (const kind of Object.values(StreamKind)) {
      expect({ kind, storage: (await jsm.streams.info(hookline.namespace.names.stream(kind))).config.storage }).toEqual({ kind, storage: StorageType.File });
    }
  });

  it('delivers a message sent over HTTP, signed, and logs the attempt', async () => {
    const receiver = await startWebhookReceiver();
    const { app, endpoint, secret } = await appWithEndpoint(receiver);
    const sent = await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { hello: 'world' } }));
    expect(sent.status).toBe(201);
    expect(sent.body.id).toMatch(/^msg_/);

    const [request] = await receiver.waitFor(1);
    expect(verifyWithBothPackages(request, secret)).toEqual({ hello: 'world' });
    expect(request.headers['webhook-id']).toBe(sent.body.id);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Hookline\//);

    const attempts = await eventually(async () => {
      const list = await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}`);
      expect(list.body.data).toHaveLength(1);
      return list.body;
    });
    expect(attempts).toMatchObject({ done: true, data: [{ msgId: sent.body.id, endpointId: endpoint.id, url: receiver.url, status: 0, responseStatusCode: 204, triggerType: 0 }] });
    expect(attempts.data[0].id).toMatch(/^atmpt_/);

    const message = await hookline.api.get(`/app/${app.id}/msg/${sent.body.id}`);
    expect(message).toMatchObject({ status: 200, body: { id: sent.body.id, eventType: 'user.created', payload: { hello: 'world' } } });
    await receiver.close();
  });

  it('delivers a MessageIn published on the NATS subject, by app id or uid', async () => {
    const receiver = await startWebhookReceiver();
    const { app, secret } = await appWithEndpoint(receiver);
    const js = nc.jetstream();
    const names = hookline.namespace.names;
    await js.publish(names.message(ORG, app.id), JSON.stringify(messageIn({ payload: { via: 'id' } })));
    await js.publish(names.message(ORG, app.uid), JSON.stringify(messageIn({ payload: { via: 'uid' } })));

    const requests = await receiver.waitFor(2);
    const payloads = requests.map((request) => verifyWithBothPackages(request, secret));
    expect(payloads).toEqual(expect.arrayContaining([{ via: 'id' }, { via: 'uid' }]));
    const msgId = requests[0].headers['webhook-id'] as string;
    expect(msgId).toMatch(/^msg_/);
    const stored = await eventually(async () => {
      const message = await hookline.api.get(`/app/${app.id}/msg/${msgId}`);
      expect(message.status).toBe(200);
      return message.body;
    });
    expect(stored.eventType).toBe('user.created');
    await receiver.close();
  });

  it('delivers and logs a payload byte for byte as sent over NATS or HTTP, also when retrying', async () => {
    const receiver = await startWebhookReceiver((_request, n) => (n === 1 ? 500 : 204));
    const { app, endpoint, secret } = await appWithEndpoint(receiver);
    // All of this JSON.parse and JSON.stringify would change: digits beyond 2^53, 1.0, an escape, spacing.
    const payload = '{ "id": 12345678901234567890, "amount": 1.0, "name": "caf\\u00e9",\n  "tags": [ ] }';
    const messageText = `{"eventType":"user.created", "payload": ${payload}}`;
    await nc.jetstream().publish(hookline.namespace.names.message(ORG, app.id), messageText);
    await receiver.waitFor(2);
    const sent = await hookline.api.request('POST', `/app/${app.id}/msg`, messageText);
    expect(sent.status).toBe(201);
    const requests = [...(await receiver.waitFor(3))];

    for (const request of requests) {
      expect(request.body).toBe(payload);
      verifyWithBothPackages(request, secret);
    }
    const db = new Client({ connectionString: hookline.database.url });
    await db.connect();
    try {
      const msgIds = [requests[0].headers['webhook-id'], sent.body.id];
      const stored = await eventually(async () => {
        const { rows } = await db.query(`SELECT payload->>'id' AS id, payload->>'amount' AS amount FROM messages WHERE id = ANY($1)`, [msgIds]);
        expect(rows).toHaveLength(2);
        return rows;
      });
      expect(stored).toEqual([
        { id: '12345678901234567890', amount: '1.0' },
        { id: '12345678901234567890', amount: '1.0' },
      ]);
    } finally {
      await db.end();
    }
    // A resend sends the logged payload: PostgreSQL's spacing and key order, every digit.
    const before = receiver.requests.length;
    expect((await hookline.api.post(`/app/${app.id}/msg/${sent.body.id}/endpoint/${endpoint.id}/resend`)).status).toBe(202);
    const resent = (await receiver.waitFor(before + 1))[before];
    expect(verifyWithBothPackages(resent, secret)).toEqual(JSON.parse(payload));
    expect(resent.body).toMatch(/"id": 12345678901234567890\b/);
    expect(resent.body).toMatch(/"amount": 1\.0\b/);
    await receiver.close();
  });

  it('logs a message whose text PostgreSQL would refuse, as parsed, and keeps logging the next ones', async () => {
    const receiver = await startWebhookReceiver();
    const { app } = await appWithEndpoint(receiver);
    // Valid JSON whose parsed value is fine, but whose text jsonb refuses: a NUL in an overwritten
    // duplicate, a number beyond PostgreSQL's numeric range (JSON.parse makes it Infinity).
    const payload = '{"k":"\\u0000","k":1,"n":1e999999}';
    const odd = await hookline.api.request('POST', `/app/${app.id}/msg`, `{"eventType":"user.created","payload":${payload}}`);
    expect(odd.status).toBe(201);
    const next = await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { next: true } }));
    expect(next.status).toBe(201);

    const bodies = (await receiver.waitFor(2)).map((request) => request.body);
    expect(bodies).toContain(payload);
    for (const [id, expected] of [[odd.body.id, { k: 1, n: null }], [next.body.id, { next: true }]] as const) {
      const logged = await eventually(async () => {
        const message = await hookline.api.get(`/app/${app.id}/msg/${id}`);
        expect(message.status).toBe(200);
        return message.body;
      });
      expect(logged.payload).toEqual(expected);
    }
    await receiver.close();
  });

  it('retries a receiver that answers 500 twice, keeping the same webhook-id, and logs three attempts', async () => {
    const receiver = await startWebhookReceiver((_request, n) => (n <= 2 ? 500 : 200));
    const { app, endpoint, secret } = await appWithEndpoint(receiver);
    const sent = await hookline.api.post(`/app/${app.id}/msg`, messageIn());

    const requests = await receiver.waitFor(3);
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([sent.body.id]));
    for (const request of requests) verifyWithBothPackages(request, secret);

    const attempts = await eventually(async () => {
      const list = await hookline.api.get(`/app/${app.id}/attempt/msg/${sent.body.id}`);
      expect(list.body.data).toHaveLength(3);
      return list.body.data;
    });
    // Newest first, as Svix lists attempts.
    expect(attempts.map((attempt: any) => [attempt.responseStatusCode, attempt.status])).toEqual([[200, 0], [500, 2], [500, 2]]);
    expect(attempts.every((attempt: any) => attempt.endpointId === endpoint.id)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(3);
    await receiver.close();
  });

  it('retries every failure that is not a 2xx: a timeout, a dropped connection, a 4xx', async () => {
    let n = 0;
    const ids: (string | string[] | undefined)[] = [];
    const receiver = createServer((req, res) => {
      req.resume();
      ids.push(req.headers['webhook-id']);
      const attempt = ++n;
      if (attempt === 1) setTimeout(() => res.writeHead(204).end(), 1_000); // past the endpoint's 200 ms timeout
      // An attempt sends up to 4 times while the connection drops (a kept-alive one may just be stale).
      else if (attempt <= 5) req.socket.destroy();
      else res.writeHead(attempt === 6 ? 400 : 204).end();
    });
    const { url, close } = await listenLocally(receiver, '/webhook');
    const { app } = await appWithEndpoint({ url }, { timeoutMs: 200, retryPolicy: { maxAttempts: 5 } });
    const sent = (await hookline.api.post(`/app/${app.id}/msg`, messageIn())).body;

    const attempts = await eventually(async () => {
      const list = (await hookline.api.get(`/app/${app.id}/attempt/msg/${sent.id}`)).body.data;
      expect(list).toHaveLength(4);
      return list;
    });
    // Newest first: the 204 settled it; a timeout and a dropped connection record status code 0.
    expect(attempts.map((attempt: any) => [attempt.responseStatusCode, attempt.status])).toEqual([[204, 0], [400, 2], [0, 2], [0, 2]]);
    expect(attempts[3].response).toMatch(/timeout/);
    expect(attempts[2].response).not.toMatch(/timeout/);
    expect(ids).toEqual(Array(7).fill(sent.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(n).toBe(7);
    await close();
  });

  it('gives each endpoint only the event types it filters for', async () => {
    const [invoices, users] = [await startWebhookReceiver(), await startWebhookReceiver()];
    const app = (await hookline.api.post('/app', applicationIn())).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: invoices.url, filterTypes: ['invoice.paid'] }));
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: users.url, filterTypes: ['user.created', 'user.deleted'] }));

    for (const eventType of ['invoice.paid', 'user.created', 'user.deleted', 'invoice.paid', 'order.shipped']) {
      await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventType, payload: { eventType } }));
    }
    await invoices.waitFor(2);
    await users.waitFor(2);
    // The attempts of all five messages are logged once both endpoints have been served.
    await eventually(async () => {
      const messages = await hookline.api.get(`/app/${app.id}/msg`);
      expect(messages.body.data).toHaveLength(5);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(invoices.requests.map((request) => JSON.parse(request.body).eventType)).toEqual(['invoice.paid', 'invoice.paid']);
    expect(users.requests.map((request) => JSON.parse(request.body).eventType).sort()).toEqual(['user.created', 'user.deleted']);
    await Promise.all([invoices.close(), users.close()]);
  });

  it('delivers what the typed producer sends, and refuses an invalid MessageIn before publishing', async () => {
    const receiver = await startWebhookReceiver();
    const { app } = await appWithEndpoint(receiver);
    const producer = new HooklineProducer(nc.jetstream(), hookline.namespace.names);
    const ack = await producer.send(ORG, app.id, { eventType: 'invoice.paid', payload: { amount: 42 } }, { dedupId: 'invoice-42' });
    expect(ack.seq).toBeGreaterThan(0);
    expect((await producer.send(ORG, app.id, { eventType: 'invoice.paid', payload: { amount: 42 } }, { dedupId: 'invoice-42' })).duplicate).toBe(true);
    await expect(producer.send(ORG, app.id, { eventType: 'bad type', payload: {} })).rejects.toMatchObject({ status: 422 });

    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toEqual({ amount: 42 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });

  it('records a malformed or undeliverable NATS message as rejected and keeps delivering the next ones', async () => {
    const receiver = await startWebhookReceiver();
    const { app } = await appWithEndpoint(receiver);
    const js = nc.jetstream();
    const subject = hookline.namespace.names.message(ORG, app.id);
    await js.publish(subject, '{"eventType": "user.created", "payload": ');
    await js.publish(subject, JSON.stringify({ eventType: 'bad type!', payload: {} }));
    await js.publish(hookline.namespace.names.message(ORG, 'app_doesnotexist'), JSON.stringify(messageIn()));
    // NUL, escaped or raw: PostgreSQL can store neither, and neither may stall the log.
    await js.publish(subject, JSON.stringify(messageIn({ payload: { note: 'a\u0000b' } })));
    await js.publish(subject, '{"eventType": "user.created", "payload": {"note": "a\u0000b"}}');
    // Fits in MESSAGES, but not in a delivery task once the task's fields are added.
    const tooLarge = JSON.stringify(messageIn({ payload: { blob: '' } }));
    await js.publish(subject, tooLarge.replace('"blob":""', `"blob":"${'x'.repeat(nc.info!.max_payload - tooLarge.length - 64)}"`));
    await js.publish(subject, JSON.stringify(messageIn({ payload: { after: 'the bad ones' } })));

    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toEqual({ after: 'the bad ones' });
    const rejected = await eventually(async () => {
      const list = await hookline.api.get(`/app/${app.id}/rejected-msg`);
      expect(list.body).toHaveLength(5);
      return list.body;
    });
    const reasons = rejected.map((entry: any) => entry.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not valid JSON/),
        expect.stringMatching(/eventType/),
        expect.stringMatching(/NUL/),
        expect.stringMatching(/too large to deliver/),
      ]),
    );
    expect(rejected.map((entry: any) => entry.raw).join('')).not.toContain('\u0000');
    const logged = await eventually(async () => {
      const list = await hookline.api.get(`/app/${app.id}/msg`);
      expect(list.body.data).toHaveLength(1);
      return list.body.data;
    });
    expect(logged[0].payload).toEqual({ after: 'the bad ones' });
    const viaHttp = await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { note: 'a\u0000b' } }));
    expect(viaHttp.status).toBe(422);
    expect(JSON.stringify(viaHttp.body.detail)).toMatch(/NUL/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });
});
