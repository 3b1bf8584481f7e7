import { RECOVER_PAGE_SIZE } from '../apps/attempt-log/src/redelivery/redelivery.service';
import { randomUUID } from 'node:crypto';
import { DiscardPolicy, connect, nanos } from 'nats';
import { Client } from 'pg';
import { ApiException, Svix } from 'svix';
import { AttemptRecorded, MessageStatus, StreamKind } from '@hookline/contracts';
import { TestHookline, WebhookReceiver, applicationIn, attemptRecorded, endpointIn, eventually, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

describe('exhaustion, auto-disable and resend', () => {
  let hookline: TestHookline;
  let operator: WebhookReceiver;
  let appId: string;
  let operationalAppId: string;

  beforeAll(async () => {
    hookline = await startTestHookline({
      env: { HOOKLINE_AUTO_DISABLE_AFTER_MS: '300' },
      eventTypes: ['exhaust', 'flaky', 'gone', 'resend', 'window'],
    });
    // Operational events go to the org's operational app, like any other webhook.
    operator = await startWebhookReceiver();
    const operational = (await hookline.api.post('/app', applicationIn({ uid: 'hookline-operational', name: 'Operations' }))).body;
    operationalAppId = operational.id;
    await hookline.api.post(`/app/${operational.id}/endpoint`, endpointIn({ url: operator.url }));
    appId = (await hookline.api.post('/app', applicationIn())).body.id;
  });

  afterAll(async () => {
    await operator?.close();
    await hookline?.stop();
  });

  const createEndpoint = async (body: Record<string, unknown> & { url: string }) => (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn(body))).body;
  const operatorEvents = (type: string) => operator.requests.map((request) => JSON.parse(request.body)).filter((event) => event.type === type);
  /** A final failed attempt as the dispatcher records it, to publish on ATTEMPTS by hand. */
  const failedAttempt = (endpoint: { id: string; url: string }) =>
    attemptRecorded(appId, endpoint, { response: 'status 500', responseStatusCode: 500, status: MessageStatus.Fail, attemptNumber: 3 });

  it('marks the delivery failed and emits message.attempt.exhausted when retries run out', async () => {
    const failing = await startWebhookReceiver(() => 500);
    const endpoint = await createEndpoint({ url: failing.url, filterTypes: ['exhaust'], retryPolicy: { schedule: [0.01], maxAttempts: 3 } });
    const sent = (await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'exhaust' }))).body;
    const event = await eventually(() => {
      const [found] = operatorEvents('message.attempt.exhausted').filter((e) => e.data.msgId === sent.id);
      expect(found).toBeDefined();
      return found;
    });
    expect(event.data).toMatchObject({ appId, endpointId: endpoint.id, lastAttempt: { responseStatusCode: 500 } });
    expect(failing.requests).toHaveLength(3);
    const attempts = (await hookline.api.get(`/app/${appId}/attempt/msg/${sent.id}`)).body.data;
    expect(attempts.map((attempt: any) => attempt.status)).toEqual([2, 2, 2]);
    await failing.close();
  });

  it('reports an exhausted delivery once, even when the attempt log handles its attempt twice', async () => {
    const endpoint = await createEndpoint({ url: 'http://127.0.0.1:9/never-called', filterTypes: ['exhaust'] });
    const attempt = failedAttempt(endpoint);
    // As an ATTEMPTS entry handled again after a failure looks to the log: the same attempt twice.
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const subject = hookline.namespace.names.attempt('org_default', appId, endpoint.id);
    for (let i = 0; i < 2; i++) await nc.jetstream().publish(subject, JSON.stringify(attempt));
    await nc.close();

    const reports = () => operatorEvents('message.attempt.exhausted').filter((event) => event.data.lastAttempt.id === attempt.id);
    await eventually(() => expect(reports()).toHaveLength(1));
    await eventually(async () => expect((await hookline.api.get(`/app/${appId}/attempt/endpoint/${endpoint.id}`)).body.data).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reports()).toHaveLength(1);
  });

  it('repeats a report past the duplicate window under the same message id, which receivers dedupe on', async () => {
    const endpoint = await createEndpoint({ url: 'http://127.0.0.1:9/never-called', filterTypes: ['exhaust'] });
    const attempt = failedAttempt(endpoint);
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    const stream = hookline.namespace.names.stream(StreamKind.Messages);
    /** This attempt's exhaustion reports in MESSAGES, read back with an ordered consumer. */
    const reportsStored = async () => {
      const reports = await nc.jetstream().consumers.get(stream, { filterSubjects: hookline.namespace.names.message('org_default', operationalAppId) });
      let count = 0;
      for await (const entry of await reports.fetch({ max_messages: 100, expires: 1000 })) {
        if (entry.headers?.get('Nats-Msg-Id') === `operational:exhausted:${attempt.id}`) count++;
        if (entry.info.pending === 0) break;
      }
      return count;
    };
    const received = () => operator.requests.filter((request) => JSON.parse(request.body).data.lastAttempt?.id === attempt.id);
    const { config } = await jsm.streams.info(stream);
    // JetStream's duplicate window shrunk to 200 ms, as if the log handled the attempt again minutes later.
    await jsm.streams.update(stream, { ...config, duplicate_window: nanos(200) });
    try {
      const subject = hookline.namespace.names.attempt('org_default', appId, endpoint.id);
      await nc.jetstream().publish(subject, JSON.stringify(attempt));
      await eventually(() => expect(received()).toHaveLength(1));
      expect(await reportsStored()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await nc.jetstream().publish(subject, JSON.stringify(attempt));
      // The report went out again, past the window...
      await eventually(async () => expect(await reportsStored()).toBe(2));
    } finally {
      await jsm.streams.update(stream, config);
      await nc.close();
    }
    // ...and reached the operator, if at all, as the same webhook: one message id, one message in the log.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ids = new Set(received().map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect((await hookline.api.get(`/app/${operationalAppId}/msg/${id}`)).status).toBe(200);
  });

  it('disables an endpoint that answers 410 Gone, and tells the operator', async () => {
    const gone = await startWebhookReceiver(() => 410);
    const endpoint = await createEndpoint({ url: gone.url, filterTypes: ['gone'] });
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'gone' }));
    await eventually(async () => expect((await hookline.api.get(`/app/${appId}/endpoint/${endpoint.id}`)).body.disabled).toBe(true));
    await eventually(() => expect(operatorEvents('endpoint.disabled').find((e) => e.data.endpointId === endpoint.id)).toMatchObject({ data: { reason: 'gone' } }));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'gone' }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(gone.requests).toHaveLength(1);
    await gone.close();
  });

  it('still reports a disabling once when MESSAGES refused the report at first', async () => {
    const endpoint = await createEndpoint({ url: 'http://127.0.0.1:9/never-called', filterTypes: ['gone'] });
    const nc = await connect({ servers: hookline.env.NATS_URL });
    const jsm = await nc.jetstreamManager();
    const stream = hookline.namespace.names.stream(StreamKind.Messages);
    const { config, state } = await jsm.streams.info(stream);
    // A full stream that discards new messages: every publish to MESSAGES fails, the report and the registry's watermark too.
    await jsm.streams.update(stream, { ...config, discard: DiscardPolicy.New, max_msgs: state.messages });
    try {
      const gone: AttemptRecorded = { ...failedAttempt(endpoint), responseStatusCode: 410, final: false, attemptNumber: 1 };
      await nc.jetstream().publish(hookline.namespace.names.attempt('org_default', appId, endpoint.id), JSON.stringify(gone));
      await eventually(async () => expect((await hookline.api.get(`/app/${appId}/endpoint/${endpoint.id}`)).body.disabled).toBe(true));
      // The log handles the attempt again at least once while the stream is still full.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(operatorEvents('endpoint.disabled').filter((e) => e.data.endpointId === endpoint.id)).toHaveLength(0);
    } finally {
      await jsm.streams.update(stream, config);
    }
    await eventually(() => expect(operatorEvents('endpoint.disabled').filter((e) => e.data.endpointId === endpoint.id)).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(operatorEvents('endpoint.disabled').filter((e) => e.data.endpointId === endpoint.id)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ endpointId: endpoint.id, reason: 'gone' }) }),
    ]);
    await nc.close();
  });

  it('disables an endpoint failing without a success for the whole window; a success resets the window', async () => {
    const failing = await startWebhookReceiver(() => 500);
    let n = 0;
    // Every first try fails and every retry succeeds: failures 400 ms apart, each followed by a success.
    const flaky = await startWebhookReceiver(() => (++n % 2 === 0 ? 204 : 500));
    const dead = await createEndpoint({ url: failing.url, filterTypes: ['window'], retryPolicy: { schedule: [0.2], maxAttempts: 6 } });
    const recovering = await createEndpoint({ url: flaky.url, filterTypes: ['flaky'], maxConcurrency: 1, retryPolicy: { schedule: [0.2], maxAttempts: 6 } });
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'window' }));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'flaky' }));

    await eventually(() => expect(operatorEvents('endpoint.disabled').find((e) => e.data.endpointId === dead.id)).toMatchObject({ data: { reason: 'failing', failSince: expect.any(String) } }));
    expect((await hookline.api.get(`/app/${appId}/endpoint/${dead.id}`)).body.disabled).toBe(true);

    // The flaky endpoint's second failure comes more than a window after its first, but after a success.
    await flaky.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'flaky' }));
    await flaky.waitFor(4);
    await eventually(async () => expect((await hookline.api.get(`/app/${appId}/attempt/endpoint/${recovering.id}`)).body.data).toHaveLength(4));
    expect((await hookline.api.get(`/app/${appId}/endpoint/${recovering.id}`)).body.disabled).toBe(false);
    await Promise.all([failing.close(), flaky.close()]);
  });

  it('resends one message to one endpoint as a manual attempt with the same webhook-id', async () => {
    const receiver = await startWebhookReceiver();
    const endpoint = await createEndpoint({ url: receiver.url, filterTypes: ['resend'] });
    const sent = (await hookline.api.post(`/app/${appId}/msg`, messageIn({ eventType: 'resend', payload: { n: 1 } }))).body;
    await receiver.waitFor(1);
    // The message log is written asynchronously (from MESSAGES): resend what it already holds.
    await eventually(async () => expect((await hookline.api.get(`/app/${appId}/msg/${sent.id}`)).status).toBe(200));
    const resent = await hookline.api.post(`/app/${appId}/msg/${sent.id}/endpoint/${endpoint.id}/resend`);
    expect(resent).toMatchObject({ status: 202, body: {} });
    const [first, second] = await receiver.waitFor(2);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(JSON.parse(second.body)).toEqual({ n: 1 });
    const attempts = await eventually(async () => {
      const list = (await hookline.api.get(`/app/${appId}/attempt/msg/${sent.id}`)).body.data;
      expect(list).toHaveLength(2);
      return list;
    });
    expect(attempts.map((attempt: any) => attempt.triggerType)).toEqual([1, 0]);
    expect((await hookline.api.post(`/app/${appId}/msg/msg_unknown/endpoint/${endpoint.id}/resend`)).status).toBe(404);
    await receiver.close();
  });
});

describe('recover', () => {
  let hookline: TestHookline;
  let appId: string;

  beforeAll(async () => {
    // A thousand deliveries fail in a row, promptly: no circuit opens, no endpoint is disabled.
    hookline = await startTestHookline({ env: { HOOKLINE_CIRCUIT_FAILURE_THRESHOLD: '1000000' } });
    appId = (await hookline.api.post('/app', applicationIn())).body.id;
  });

  afterAll(() => hookline?.stop());

  it('recovers every failed delivery of an endpoint since a time, more than one page of them', async () => {
    let up = false;
    const receiver = await startWebhookReceiver(() => (up ? 204 : 503));
    const endpoint = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { maxAttempts: 1 } }))).body;
    const since = new Date(Date.now() - 60_000).toISOString();
    const failed = RECOVER_PAGE_SIZE + 20;
    for (let i = 0; i < failed; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, failed - i) }, (_, j) => hookline.api.post(`/app/${appId}/msg`, messageIn({ payload: { i: i + j } }))));
    }
    const stats = () => hookline.api.get(`/app/${appId}/endpoint/${endpoint.id}/stats`);
    await eventually(async () => expect((await stats()).body).toMatchObject({ fail: failed, success: 0 }), 60_000);

    up = true;
    const recovered = await hookline.api.post(`/app/${appId}/endpoint/${endpoint.id}/recover`, { since });
    // The first page is enqueued before the answer; the rest follow in the background.
    expect(recovered).toMatchObject({ status: 202, body: { id: expect.stringMatching(/^qtask_/), status: 'running', task: 'endpoint.recover' } });
    const requests = await receiver.waitFor(2 * failed, 60_000);
    const resent = new Set(requests.slice(failed).map((request) => JSON.parse(request.body).i));
    expect(resent.size).toBe(failed);
    await eventually(async () => expect((await stats()).body).toMatchObject({ fail: 0, success: failed }), 60_000);
    // The background task, as the svix SDK reads it.
    const svix = new Svix(hookline.adminToken, { serverUrl: hookline.url });
    const task = await eventually(async () => {
      const found = await svix.backgroundTask.get(recovered.body.id);
      expect(found.status).toBe('finished');
      return found;
    });
    expect(task).toMatchObject({ id: recovered.body.id, task: 'endpoint.recover', data: { appId, endpointId: endpoint.id, since } });
    expect((await hookline.api.post(`/app/${appId}/endpoint/${endpoint.id}/recover`, { since: 'yesterday' })).status).toBe(422);
    await receiver.close();
  }, 180_000);

  it('answers finished when every failed delivery fitted in the first page', async () => {
    let up = false;
    const receiver = await startWebhookReceiver(() => (up ? 204 : 503));
    const endpoint = (await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { maxAttempts: 1 } }))).body;
    const since = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 3; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ payload: { i } }));
    await eventually(async () => expect((await hookline.api.get(`/app/${appId}/endpoint/${endpoint.id}/stats`)).body).toMatchObject({ fail: 3 }));

    up = true;
    const recovered = await hookline.api.post(`/app/${appId}/endpoint/${endpoint.id}/recover`, { since });
    expect(recovered.body).toMatchObject({ status: 'finished', task: 'endpoint.recover' });
    const requests = await receiver.waitFor(6);
    expect(requests.slice(3).map((request) => JSON.parse(request.body).i).sort()).toEqual([0, 1, 2]);
    expect((await hookline.api.get(`/background-task/${recovered.body.id}`)).body).toMatchObject({ status: 'finished', data: { endpointId: endpoint.id } });
    await receiver.close();
  });

  it('lists an org\'s background tasks, newest first and by status, and shows none to another org', async () => {
    const all = (await hookline.api.get('/background-task')).body;
    expect(all.data.length).toBeGreaterThanOrEqual(2);
    expect(all.data.map((task: any) => task.id)).toEqual([...all.data.map((task: any) => task.id)].sort().reverse());
    expect((await hookline.api.get('/background-task?status=finished&task=endpoint.recover')).body.data).toHaveLength(all.data.length);
    expect((await hookline.api.get('/background-task?status=failed')).body.data).toEqual([]);
    expect((await hookline.api.get('/background-task?status=stuck')).status).toBe(422);

    const otherOrg = (await hookline.api.post('/api-key', { name: 'other org', newOrg: true })).body.key;
    const other = new Svix(otherOrg, { serverUrl: hookline.url });
    expect((await other.backgroundTask.list()).data).toEqual([]);
    await expect(other.backgroundTask.get(all.data[0].id)).rejects.toBeInstanceOf(ApiException);
    expect((await hookline.api.get('/background-task/qtask_unknown')).status).toBe(404);
  });

  it('goes on with a background recover whose process stopped, after the last message it enqueued', async () => {
    let up = false;
    const receiver = await startWebhookReceiver(() => (up ? 204 : 503));
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, retryPolicy: { maxAttempts: 1 } }))).body;
    const since = new Date(Date.now() - 60_000);
    for (let i = 0; i < 30; i++) await hookline.api.post(`/app/${app.id}/msg`, messageIn({ payload: { i } }));
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/stats`)).body).toMatchObject({ fail: 30 }));

    // A run that enqueued the messages up to the tenth and died: its lease ran out a second ago.
    const db = new Client({ connectionString: hookline.database.url });
    await db.connect();
    // In the order a recover pages them (ids, as PostgreSQL sorts them).
    const { rows: messages } = await db.query(`SELECT id, (payload->>'i')::int AS i FROM messages WHERE app_id = $1 ORDER BY id`, [app.id]);
    await db.query(
      `INSERT INTO recover_tasks (id, org_id, app_id, endpoint_id, since, until, after_id, status, lease_id, lease_until, created_at, updated_at)
       VALUES ('qtask_abandoned', 'org_default', $1, $2, $3, now(), $4, 'running', $5, now() - interval '1 second', now(), now())`,
      [app.id, endpoint.id, since, messages[9].id, randomUUID()],
    );
    up = true;
    await hookline.stopServices();
    await hookline.restartServices();

    const requests = await receiver.waitFor(30 + 20);
    const byNumber = (a: number, b: number) => a - b;
    expect(requests.slice(30).map((request) => JSON.parse(request.body).i).sort(byNumber)).toEqual(messages.slice(10).map((message) => message.i).sort(byNumber));
    await eventually(async () => expect((await db.query(`SELECT status FROM recover_tasks WHERE id = 'qtask_abandoned'`)).rows).toEqual([{ status: 'finished' }]));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.requests).toHaveLength(50);
    await db.end();
    await receiver.close();
  });
});
