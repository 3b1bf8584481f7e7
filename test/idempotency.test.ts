import { createHash } from 'node:crypto';
import { Metadata, status } from '@grpc/grpc-js';
import { connect, headers as natsHeaders } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@hookline/database';
import { IdempotencyKeysRepository } from '../apps/attempt-log/src/idempotency/idempotency-keys.repository';
import { AttemptLogOp, IDEMPOTENCY_HEADERS, StreamKind, newId } from '@hookline/contracts';
import { TestHookline, applicationIn, endpointIn, eventually, grpcClients, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

async function post(hookline: TestHookline, path: string, body: unknown, key: string, token = hookline.adminToken) {
  const response = await fetch(`${hookline.url}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('idempotency-key', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('replays the first 2xx response and creates nothing twice', async () => {
    const body = applicationIn({ uid: undefined, name: 'once' });
    const first = await post(hookline, '/app', body, 'create-app-1');
    const second = await post(hookline, '/app', body, 'create-app-1');
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect((await hookline.api.get('/app')).body.data.filter((app: any) => app.name === 'once')).toHaveLength(1);
    expect((await post(hookline, '/app', body, 'create-app-2')).body.id).not.toBe(first.body.id);
  });

  it('makes concurrent duplicates wait for the first and deliver once', async () => {
    const receiver = await startWebhookReceiver();
    const app = (await hookline.api.post('/app', applicationIn())).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }));
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(hookline, `/app/${app.id}/msg`, messageIn(), 'send-once')));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(responses.every((response) => response.status === 201)).toBe(true);
    await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(1);
    await receiver.close();
  });

  it('keeps each of many keys claimed at once apart (one batch to the store)', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => ({ name: `batch ${i}` }));
    const first = await Promise.all(bodies.map((body, i) => post(hookline, '/app', body, `batch-key-${i}`)));
    expect(new Set(first.map((response) => response.body.id)).size).toBe(40);
    const again = await Promise.all(bodies.map((body, i) => post(hookline, '/app', body, `batch-key-${i}`)));
    expect(again).toEqual(first);
  });

  it('answers the replays of a request whose response was too large to keep with 409, and runs it once', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const large = messageIn({ payload: { blob: 'x'.repeat(300 * 1024) } });
    const first = await post(hookline, `/app/${app.id}/msg`, large, 'large-response');
    expect(first.status).toBe(201);
    const replay = await post(hookline, `/app/${app.id}/msg`, large, 'large-response');
    expect(replay).toMatchObject({ status: 409, body: { code: 'conflict', detail: expect.stringContaining('too large to keep') } });
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data).toHaveLength(1));
  });

  it('does not replay a failure, and never across credentials', async () => {
    expect((await post(hookline, '/app', { name: 5 }, 'fix-and-retry')).status).toBe(422);
    expect((await post(hookline, '/app', { name: 'fixed' }, 'fix-and-retry')).status).toBe(201);

    const other = (await hookline.api.post('/api-key', { name: 'other org', newOrg: true })).body.key;
    const mine = await post(hookline, '/app', { name: 'mine' }, 'shared-key');
    const theirs = await post(hookline, '/app', { name: 'theirs' }, 'shared-key', other);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.name).toBe('theirs');
  });

  it('replays nothing to a credential revoked since', async () => {
    const apiKey = (await hookline.api.post('/api-key', { name: 'revoked later' })).body;
    expect((await post(hookline, '/app', { name: 'before revoking' }, 'then-revoke', apiKey.key)).status).toBe(201);
    expect((await hookline.api.delete(`/api-key/${apiKey.id}`)).status).toBe(204);
    expect(await post(hookline, '/app', { name: 'before revoking' }, 'then-revoke', apiKey.key)).toMatchObject({ status: 401, body: { code: 'authentication_failed' } });
  });

  describe('kept in PostgreSQL', () => {
    let db: Client;

    beforeAll(async () => {
      db = new Client({ connectionString: hookline.database.url });
      await db.connect();
    });

    afterAll(() => db?.end());

    /** Posts, and waits until the response is kept: responses are stored just after the reply goes out. */
    async function postKept(path: string, body: unknown, key: string, token?: string) {
      const response = await post(hookline, path, body, key, token);
      await eventually(async () => expect((await db.query(`SELECT 1 FROM idempotency_keys WHERE body LIKE '%' || $1 || '%'`, [response.body.id])).rowCount).toBe(1));
      return response;
    }

    /** Moves the stored key of the response naming `appName` back in time, optionally back to pending (its request's gateway died). */
    async function age(appName: string, interval: string, pending = false): Promise<void> {
      const updated = await db.query(
        `UPDATE idempotency_keys SET stored_at = now() - $2::interval ${pending ? ', status = NULL, body = NULL' : ''} WHERE body LIKE '%' || $1 || '%'`,
        [`"name":"${appName}"`, interval],
      );
      expect(updated.rowCount).toBe(1);
    }

    it('replays a message create byte for byte, with the response the message log kept', async () => {
      const app = (await hookline.api.post('/app', applicationIn())).body;
      const send = () =>
        fetch(`${hookline.url}/api/v1/app/${app.id}/msg`, {
          method: 'POST',
          headers: { authorization: `Bearer ${hookline.adminToken}`, 'content-type': 'application/json', 'idempotency-key': 'exact-replay' },
          body: '{"eventType": "user.created", "payload": {"z": 1.50, "a": [1e2, "é\\u00e9"], "nested": {"b": null}}, "channels": ["c1"]}',
        });
      const first = await send();
      const firstBody = await first.text();
      expect(first.status).toBe(201);
      await eventually(async () => expect((await db.query(`SELECT 1 FROM idempotency_keys WHERE msg_id = $1 AND status = 201`, [JSON.parse(firstBody).id])).rowCount).toBe(1));
      const replayed = await send();
      expect(replayed.status).toBe(201);
      expect(await replayed.text()).toBe(firstBody);
    });

    it('settles a keyed message create from the message alone, as when its gateway stopped right after the publish', async () => {
      const app = (await hookline.api.post('/app', applicationIn())).body;
      const path = `/app/${app.id}/msg`;
      // What a gateway holds for `idempotency-key: stopped-gateway` on this route (see storeKey in idempotency.hooks.ts).
      const key = createHash('sha256').update(`Bearer ${hookline.adminToken}\nPOST /api/v1${path}\nstopped-gateway`).digest('hex');
      const nc = await connect({ servers: hookline.env.NATS_URL });
      const rpc = async (op: string, body: object) => JSON.parse(new TextDecoder().decode((await nc.request(hookline.namespace.names.rpc('attempt-log', op), JSON.stringify(body))).data));
      const [claim] = (await rpc(AttemptLogOp.ClaimIdempotencyKeys, { claims: [{ key, orgId: 'org_default' }] })).data;
      expect(claim).toMatchObject({ claimed: true });
      // The gateway's publish, with its claim; its reply and everything after it never happen.
      const id = newId('msg');
      const answeredAt = new Date().toISOString();
      const headers = natsHeaders();
      headers.set('Hookline-Msg-Id', id);
      headers.set(IDEMPOTENCY_HEADERS.key, key);
      headers.set(IDEMPOTENCY_HEADERS.claimId, claim.claimId);
      headers.set(IDEMPOTENCY_HEADERS.answeredAt, answeredAt);
      const sent = messageIn({ payload: { order: 7 } });
      await nc.jetstream().publish(hookline.namespace.names.message('org_default', app.id), JSON.stringify(sent), { headers });
      await nc.close();

      const retried = await post(hookline, path, sent, 'stopped-gateway');
      expect(retried).toEqual({ status: 201, body: { id, eventType: sent.eventType, payload: { order: 7 }, eventId: null, channels: null, timestamp: answeredAt } });
      expect((await hookline.api.get(`/app/${app.id}/msg`)).body.data.map((message: any) => message.id)).toEqual([id]);
    });

    it('refuses a request that waited for the first one with its key if its credential was revoked meanwhile', async () => {
      const apiKey = (await hookline.api.post('/api-key', { name: 'revoked while waiting' })).body;
      expect((await postKept('/app', { name: 'waited for' }, 'revoke-while-waiting', apiKey.key)).status).toBe(201);
      // The key is held by a request still running (as a gateway leaves it mid-request).
      const pending = await db.query(`UPDATE idempotency_keys SET status = NULL, body = NULL, stored_at = now() WHERE body LIKE '%"name":"waited for"%'`);
      expect(pending.rowCount).toBe(1);
      const waiting = post(hookline, '/app', { name: 'waited for' }, 'revoke-while-waiting', apiKey.key);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await hookline.api.delete(`/api-key/${apiKey.id}`)).status).toBe(204);
      // That request fails, releasing the key: the waiting one claims it and goes on to the guard.
      await db.query(`DELETE FROM idempotency_keys WHERE org_id = 'org_default' AND status IS NULL AND stored_at > now() - interval '1 minute'`);
      expect(await waiting).toMatchObject({ status: 401, body: { code: 'authentication_failed' } });
      expect((await hookline.api.get('/app?limit=250')).body.data.filter((app: any) => app.name === 'waited for')).toHaveLength(1);
    });

    it('replays a response for 12 hours, and not after', async () => {
      const first = await postKept('/app', { name: 'eleven hours' }, 'replay-window');
      await age('eleven hours', '11 hours');
      expect(await post(hookline, '/app', { name: 'eleven hours' }, 'replay-window')).toEqual(first);
      await age('eleven hours', '12 hours 1 minute');
      const later = await post(hookline, '/app', { name: 'eleven hours' }, 'replay-window');
      expect(later.status).toBe(201);
      expect(later.body.id).not.toBe(first.body.id);
    });

    it('lets a retry take over a key whose request was abandoned a minute ago', async () => {
      const first = await postKept('/app', { name: 'abandoned' }, 'abandoned-claim');
      await age('abandoned', '61 seconds', true);
      const retry = await post(hookline, '/app', { name: 'abandoned' }, 'abandoned-claim');
      expect(retry.status).toBe(201);
      expect(retry.body.id).not.toBe(first.body.id);
      // The retry's response is the one kept now.
      expect(await post(hookline, '/app', { name: 'abandoned' }, 'abandoned-claim')).toEqual(retry);
    });

    it('stores only a digest of the key and the caller, never the credential, under the caller\'s org', async () => {
      await postKept('/app', { name: 'digest only' }, 'my-secret-looking-key');
      const { rows } = await db.query(`SELECT key, org_id FROM idempotency_keys WHERE body LIKE '%"name":"digest only"%'`);
      expect(rows).toEqual([{ key: expect.stringMatching(/^[0-9a-f]{64}$/), org_id: 'org_default' }]);
      const { rows: leaks } = await db.query(`SELECT 1 FROM idempotency_keys WHERE key LIKE $1 OR body LIKE $1`, [`%${hookline.adminToken}%`]);
      expect(leaks).toEqual([]);
    });

    it('replays a message without the content deleted since, as the API shows it', async () => {
      const app = (await hookline.api.post('/app', applicationIn())).body;
      const first = await postKept(`/app/${app.id}/msg`, messageIn({ payload: { card: '4242 4242 4242 4242' } }), 'erase-later');
      expect(first.body.payload).toEqual({ card: '4242 4242 4242 4242' });
      await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg/${first.body.id}`)).status).toBe(200));
      expect((await hookline.api.delete(`/app/${app.id}/msg/${first.body.id}/content`)).status).toBe(204);
      const replayed = await post(hookline, `/app/${app.id}/msg`, messageIn({ payload: { card: '4242 4242 4242 4242' } }), 'erase-later');
      expect(replayed).toEqual({ status: 201, body: { ...first.body, payload: {} } });
      const { rows } = await db.query(`SELECT 1 FROM idempotency_keys WHERE body LIKE '%4242%'`);
      expect(rows).toEqual([]);
    });

    it('keeps a response that is stored after its message\'s content was deleted without the payload', async () => {
      const app = (await hookline.api.post('/app', applicationIn())).body;
      const created = (await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { card: '5555 5555 5555 4444' } }))).body;
      await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg/${created.id}`)).status).toBe(200));
      expect((await hookline.api.delete(`/app/${app.id}/msg/${created.id}/content`)).status).toBe(204);
      // The create's response reaches the store only now, as it may just after the reply went out.
      const dataSource = await new DataSource(dataSourceOptions(hookline.database.url)).initialize();
      try {
        const keys = new IdempotencyKeysRepository(dataSource);
        const claimId = '00000000-0000-4000-8000-000000000001';
        const key = 'f'.repeat(64);
        expect(await keys.claim([{ key, orgId: 'org_default', claimId }])).toEqual(new Set([key]));
        await keys.complete([{ key, claimId, status: 201, body: JSON.stringify(created), msgId: created.id }]);
      } finally {
        await dataSource.destroy();
      }
      const { rows } = await db.query(`SELECT body FROM idempotency_keys WHERE msg_id = $1`, [created.id]);
      expect(rows.map((row) => JSON.parse(row.body))).toEqual([{ ...created, payload: {} }]);
    });

    it('keeps the response of the request holding the key, not of one whose claim was taken over', async () => {
      const first = await postKept('/app', { name: 'slow first' }, 'taken-over');
      await age('slow first', '61 seconds', true);
      const second = await postKept('/app', { name: 'slow first' }, 'taken-over');
      // The first request's claim is gone: settling it now (as its late gateway would) changes nothing.
      const { rows } = await db.query(`SELECT key, claim_id FROM idempotency_keys WHERE body LIKE '%' || $1 || '%'`, [second.body.id]);
      const stale = { key: rows[0].key, claimId: '00000000-0000-4000-8000-000000000000' };
      const nc = await connect({ servers: hookline.env.NATS_URL });
      const rpc = (op: string, body: object) => nc.request(hookline.namespace.names.rpc('attempt-log', op), JSON.stringify(body));
      await rpc(AttemptLogOp.CompleteIdempotencyKeys, { responses: [{ ...stale, status: 201, body: JSON.stringify(first.body) }] });
      await rpc(AttemptLogOp.ReleaseIdempotencyKey, stale);
      await nc.close();
      expect(await post(hookline, '/app', { name: 'slow first' }, 'taken-over')).toEqual(second);
    });

    it('purges the keys past the replay window and keeps the rest', async () => {
      await postKept('/app', { name: 'expired' }, 'to-purge');
      await postKept('/app', { name: 'still replayed' }, 'to-keep');
      await age('expired', '13 hours');
      await age('still replayed', '11 hours');
      const dataSource = await new DataSource(dataSourceOptions(hookline.database.url)).initialize();
      try {
        expect(await new IdempotencyKeysRepository(dataSource).purgeExpired()).toBe(1);
      } finally {
        await dataSource.destroy();
      }
      const { rows } = await db.query(`SELECT body LIKE '%"name":"still replayed"%' AS kept FROM idempotency_keys WHERE stored_at < now() - interval '1 hour'`);
      expect(rows).toEqual([{ kept: true }]);
    });
  });
});

describe('eventId', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('is unique per app beyond the JetStream dedup window, and free in other apps', async () => {
    const [a, b] = [(await hookline.api.post('/app', applicationIn())).body, (await hookline.api.post('/app', applicationIn())).body];
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(201);
    expect(await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect((await hookline.api.post(`/app/${b.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(201);

    // Past the dedup window only the log remembers: drop JetStream's memory of the id and try again.
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.purge(hookline.namespace.names.stream(StreamKind.Messages));
    await nc.close();
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-1' }))).status).toBe(409);
    expect((await hookline.api.post(`/app/${a.id}/msg`, messageIn({ eventId: 'order-2' }))).status).toBe(201);
  });
});

describe('eventId while the message log is behind', () => {
  let hookline: TestHookline;

  beforeAll(async () => {
    hookline = await startTestHookline();
  });

  afterAll(() => hookline?.stop());

  it('answers 503 instead of letting a repeat through when the log may not hold what the duplicate window no longer covers', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    // A 31 s duplicate window leaves 1 s past the 30 s margin: "behind for longer than the window" in a test's time.
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    const stream = hookline.namespace.names.stream(StreamKind.Messages);
    await jsm.streams.update(stream, { ...(await jsm.streams.info(stream)).config, duplicate_window: 31 * 1e9 });
    await nc.close();
    // The log can still read, but cannot store: its next batch waits on the lock.
    const db = new Client({ connectionString: hookline.database.url });
    await db.connect();
    await db.query('BEGIN');
    await db.query('LOCK TABLE messages IN EXCLUSIVE MODE');
    try {
      expect((await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventId: 'while-behind' }))).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventId: 'another' }))).toMatchObject({ status: 503, body: { code: 'unavailable' } });
      // gRPC callers get the same answer in their terms: retry later.
      const clients = grpcClients(hookline.env.GRPC_PORT!);
      const auth = new Metadata();
      auth.set('authorization', `Bearer ${hookline.adminToken}`);
      const request = { app: app.id, message: { eventType: 'user.created', eventId: 'another', payloadJson: '{}' } };
      const created = new Promise((resolve, reject) => clients.Messages.Create(request, auth, (error: unknown, response: unknown) => (error ? reject(error) : resolve(response))));
      await expect(created).rejects.toMatchObject({ code: status.UNAVAILABLE });
      Object.values(clients).forEach((client) => client.close());
    } finally {
      await db.query('COMMIT');
      await db.end();
    }
    await eventually(async () => expect((await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventId: 'another' }))).status).toBe(201));
    expect((await hookline.api.post(`/app/${app.id}/msg`, messageIn({ eventId: 'while-behind' }))).status).toBe(409);
  });
});
