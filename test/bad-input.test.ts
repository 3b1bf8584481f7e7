import { Metadata, status } from '@grpc/grpc-js';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { StreamKind } from '@hookline/contracts';
import { GrpcClient, GrpcService, TestHookline, WebhookReceiver, eventually, grpcClients, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/**
 * Invariant 7: bad input gets a clear 4xx with Svix's error bodies and changes nothing. Every REST
 * route under /api/v1 has an entry in ROUTES (a test fails when one is missing), and every kind of
 * bad input is tried on every route it applies to. The rules:
 * - body not JSON (malformed, empty with a JSON content type, `__proto__`): 422, type value_error.jsondecode (as Svix)
 * - body JSON but not an object: 422 at loc ["body"]
 * - wrongly typed or invalid field: 422 naming the field; unknown fields are ignored, as Svix does
 * - strings or keys holding U+0000, JSON nested deeper than 128 levels: 422
 * - body over 1 MiB: 413; content type other than application/json: 415
 * - unknown id, uid or name in the path: 404 {code: "not_found"}; malformed (> 256 characters,
 *   characters outside [a-zA-Z0-9-_.]): 422 at loc ["path", …]
 * - bad query parameter (limit, iterator, dates, status, booleans): 422 at loc ["query", …]
 * - idempotency-key over 256 characters: 422; missing or malformed Authorization: 401
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Param = 'app' | 'endpoint' | 'msg' | 'attempt' | 'name' | 'id' | 'task';
type FieldKind = 'string' | 'uid' | 'int' | 'bool' | 'names' | 'object' | 'record' | 'headers' | 'date' | 'url' | 'secret' | 'enum' | 'retryPolicy';
type QueryKind = 'list' | 'messages' | 'attempts' | 'eventTypes' | 'backgroundTasks' | 'getIfExists' | 'expunge';

interface BodySpec {
  valid: () => Record<string, unknown>;
  fields: Record<string, FieldKind>;
}

interface RouteCase {
  /** The JSON body the route takes; absent for routes without one. */
  body?: BodySpec;
  query?: QueryKind;
  /** The path param whose unknown uid or name creates the resource (PUT, as Svix): only an unknown id is a 404. */
  upserts?: Param;
  /** Needs no token. */
  public?: boolean;
}

const WRONG: Record<FieldKind, unknown[]> = {
  string: [5, true, [], {}],
  uid: [5, 'has space', 'x'.repeat(257), ''],
  int: ['5', 1.5, true, -1],
  bool: ['true', 1, {}],
  names: ['a', [5], ['has space'], {}],
  object: ['x', [], 5],
  record: ['x', [], { key: 5 }],
  headers: ['x', { 'bad name': 'v' }, { 'x-ok': 5 }],
  date: ['yesterday', 5, '2024-13-45T00:00:00Z'],
  url: [5, 'not a url', 'ftp://example.com/hook'],
  secret: [5, 'whsec_short'],
  enum: ['other', 5],
  retryPolicy: ['x', { schedule: 'x' }, { maxAttempts: 0 }],
};

const APP: BodySpec = { valid: () => ({ name: 'bad input' }), fields: { name: 'string', uid: 'uid', rateLimit: 'int', metadata: 'record' } };
const ENDPOINT: BodySpec = {
  valid: () => ({ url: 'http://127.0.0.1:9/never' }),
  fields: {
    url: 'url', description: 'string', uid: 'uid', version: 'int', disabled: 'bool', filterTypes: 'names', channels: 'names', rateLimit: 'int',
    secret: 'secret', metadata: 'record', headers: 'headers', retryPolicy: 'retryPolicy', timeoutMs: 'int', payloadMode: 'enum',
    maxConcurrency: 'int', ordering: 'enum', followRedirects: 'bool', tlsVerify: 'bool',
  },
};
const EVENT_TYPE_FIELDS: Record<string, FieldKind> = { description: 'string', archived: 'bool', deprecated: 'bool', schemas: 'object', featureFlag: 'string', groupName: 'string' };
const EVENT_TYPE: BodySpec = { valid: () => ({ name: 'bad.input', description: 'x' }), fields: { name: 'uid', ...EVENT_TYPE_FIELDS } };
const EVENT_TYPE_UPDATE: BodySpec = { valid: () => ({ description: 'x' }), fields: EVENT_TYPE_FIELDS };
const MESSAGE: BodySpec = {
  valid: () => ({ eventType: 'fixture.type', payload: {} }),
  fields: { eventType: 'uid', payload: 'object', eventId: 'uid', channels: 'names', payloadRetentionPeriod: 'int' },
};

/** Every REST route under /api/v1, by method and fastify path. */
const ROUTES: Record<string, RouteCase> = {
  'GET /api/v1/health': { public: true },
  'GET /api/v1/openapi.json': { public: true },
  'GET /api/v1/api-key': {},
  'POST /api/v1/api-key': { body: { valid: () => ({ name: 'key' }), fields: { name: 'string', newOrg: 'bool' } } },
  'DELETE /api/v1/api-key/:id': {},
  'GET /api/v1/app': { query: 'list' },
  'POST /api/v1/app': { body: APP, query: 'getIfExists' },
  'GET /api/v1/app/:app': {},
  'PUT /api/v1/app/:app': { body: APP, upserts: 'app' },
  'PATCH /api/v1/app/:app': { body: APP },
  'DELETE /api/v1/app/:app': {},
  'GET /api/v1/app/:app/endpoint': { query: 'list' },
  'POST /api/v1/app/:app/endpoint': { body: ENDPOINT },
  'GET /api/v1/app/:app/endpoint/:endpoint': {},
  'PUT /api/v1/app/:app/endpoint/:endpoint': { body: ENDPOINT, upserts: 'endpoint' },
  'PATCH /api/v1/app/:app/endpoint/:endpoint': { body: ENDPOINT },
  'DELETE /api/v1/app/:app/endpoint/:endpoint': {},
  'GET /api/v1/app/:app/endpoint/:endpoint/secret': {},
  'POST /api/v1/app/:app/endpoint/:endpoint/secret/rotate': { body: { valid: () => ({}), fields: { key: 'secret' } } },
  'GET /api/v1/app/:app/endpoint/:endpoint/headers': {},
  'PUT /api/v1/app/:app/endpoint/:endpoint/headers': { body: { valid: () => ({ headers: { 'x-ok': '1' } }), fields: { headers: 'headers' } } },
  'PATCH /api/v1/app/:app/endpoint/:endpoint/headers': { body: { valid: () => ({ headers: { 'x-ok': '1' } }), fields: { headers: 'headers' } } },
  'GET /api/v1/app/:app/endpoint/:endpoint/stats': {},
  'GET /api/v1/app/:app/endpoint/:endpoint/msg': { query: 'list' },
  'POST /api/v1/app/:app/endpoint/:endpoint/send-example': {
    body: { valid: () => ({ eventType: 'fixture.type' }), fields: { eventType: 'uid', exampleIndex: 'int', payload: 'object' } },
  },
  'POST /api/v1/app/:app/endpoint/:endpoint/recover': {
    body: { valid: () => ({ since: new Date(Date.now() - 3600_000).toISOString() }), fields: { since: 'date', until: 'date' } },
  },
  'GET /api/v1/app/:app/msg': { query: 'messages' },
  'POST /api/v1/app/:app/msg': { body: MESSAGE },
  'GET /api/v1/app/:app/msg/:msg': {},
  'DELETE /api/v1/app/:app/msg/:msg/content': {},
  'GET /api/v1/app/:app/msg/:msg/attempt/:attempt': {},
  'GET /api/v1/app/:app/msg/:msg/endpoint': {},
  'POST /api/v1/app/:app/msg/:msg/endpoint/:endpoint/resend': {},
  'GET /api/v1/app/:app/attempt/endpoint/:endpoint': { query: 'attempts' },
  'GET /api/v1/app/:app/attempt/msg/:msg': { query: 'attempts' },
  'GET /api/v1/app/:app/rejected-msg': { query: 'list' },
  'GET /api/v1/app/:app/stream': {},
  'POST /api/v1/auth/app-portal-access/:app': { body: { valid: () => ({}), fields: { expiry: 'int', readOnly: 'bool', sessionId: 'uid' } } },
  'POST /api/v1/auth/app/:app/expire-all': { body: { valid: () => ({}), fields: { expiry: 'int', sessionIds: 'names' } } },
  'GET /api/v1/background-task': { query: 'backgroundTasks' },
  'GET /api/v1/background-task/:task': {},
  'GET /api/v1/event-type': { query: 'eventTypes' },
  'POST /api/v1/event-type': { body: EVENT_TYPE },
  'GET /api/v1/event-type/:name': {},
  'PUT /api/v1/event-type/:name': { body: EVENT_TYPE_UPDATE, upserts: 'name' },
  'PATCH /api/v1/event-type/:name': { body: EVENT_TYPE_UPDATE },
  'DELETE /api/v1/event-type/:name': { query: 'expunge' },
};

const BAD_LIST = ['limit=0', 'limit=251', 'limit=abc', 'limit=-1', 'limit=1.5', 'limit=1&limit=2', 'iterator=has%20space', 'iterator=a%00b', `iterator=${'x'.repeat(300)}`, 'iterator=a&iterator=b'];
const BAD_TIME = ['before=yesterday', 'after=5', 'before=2024-13-45T00:00:00Z'];
const BAD_QUERY: Record<QueryKind, string[]> = {
  list: BAD_LIST,
  messages: [...BAD_LIST, ...BAD_TIME, 'with_content=maybe', 'channel=bad%20channel', 'event_types=bad%20type'],
  attempts: [...BAD_LIST, ...BAD_TIME, 'status=4', 'status=abc', 'status=-1'],
  eventTypes: [...BAD_LIST, 'include_archived=maybe', 'with_content=maybe'],
  backgroundTasks: [...BAD_LIST, 'status=stuck', 'task=bad%20task'],
  getIfExists: ['get_if_exists=maybe'],
  expunge: ['expunge=maybe'],
};

/** An id as Hookline makes them, which a PUT never creates. */
const PREFIXED_ID = /^[a-z]+_[0-9A-Za-z]{22}$/;
const UNKNOWN: Record<Param, string[]> = {
  app: ['app_0000000000000000000000', 'no-such-app'],
  endpoint: ['ep_0000000000000000000000', 'no-such-endpoint'],
  msg: ['msg_0000000000000000000000', 'no-such-event-id'],
  attempt: ['atmpt_0000000000000000000000'],
  name: ['no.such.type'],
  id: ['key_0000000000000000000000'],
  task: ['qtask_0000000000000000000000'],
};
/** As they appear in the URL (percent-encoded where needed). */
const MALFORMED_IDS = ['x'.repeat(257), 'has%20space', 'a%00b', '%E2%98%83', 'a*b', 'a%2Fb', "a'b", 'a%3E', '%E0%A4%A', '%FF'];

const ONE_MIB = 1024 * 1024;
const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });

interface Sent {
  label: string;
  method: Method;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}
interface Answer {
  status: number;
  body: any;
}
type Check = (answer: Answer) => boolean;

const isError = (status: number, code: string): Check => (a) => a.status === status && a.body?.code === code && typeof a.body?.detail === 'string';
const isValidation = (locStart: (string | number)[], type?: string): Check => (a) =>
  a.status === 422 &&
  Array.isArray(a.body?.detail) &&
  a.body.detail.length > 0 &&
  a.body.detail.every((issue: any) => typeof issue.msg === 'string' && typeof issue.type === 'string' && Array.isArray(issue.loc)) &&
  a.body.detail.some((issue: any) => locStart.every((part, i) => issue.loc[i] === part) && (!type || issue.type === type));

describe('bad input over HTTP and gRPC', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;
  let nc: NatsConnection;
  let db: Client;
  const ids = {} as Record<Param, string>;

  beforeAll(async () => {
    hookline = await startTestHookline({ eventTypes: ['fixture.type'] });
    receiver = await startWebhookReceiver();
    nc = await connect({ servers: hookline.env.NATS_URL });
    db = new Client({ connectionString: hookline.database.url });
    await db.connect();
    const api = hookline.api;
    ids.app = (await api.post('/app', { name: 'fixture', uid: 'fixture-app' })).body.id;
    ids.endpoint = (await api.post(`/app/${ids.app}/endpoint`, { url: receiver.url, headers: { 'x-fixture': '1' } })).body.id;
    ids.msg = (await api.post(`/app/${ids.app}/msg`, { eventType: 'fixture.type', payload: { n: 1 }, eventId: 'fixture-event' })).body.id;
    ids.attempt = await eventually(async () => {
      const [attempt] = (await api.get(`/app/${ids.app}/attempt/msg/${ids.msg}`)).body.data;
      expect(attempt).toBeDefined();
      return attempt.id;
    });
    ids.name = 'fixture.type';
    ids.id = (await api.post('/api-key', { name: 'fixture' })).body.id;
    expect(Object.values(ids).every(Boolean)).toBe(true);
  });

  afterAll(async () => {
    await db?.end();
    await nc?.close();
    await receiver?.close();
    await hookline?.stop();
  });

  /** What "nothing changed" compares: the API's view, every table's row count, and the streams' last sequences. */
  async function snapshot() {
    const read = async (path: string) => {
      const { status: code, body } = await hookline.api.get(path);
      expect(code).toBe(200);
      return body;
    };
    const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    const rows: Record<string, number> = {};
    for (const { table_name: table } of tables.rows) rows[table] = Number((await db.query(`SELECT count(*) FROM "${table}"`)).rows[0].count);
    const jsm = await nc.jetstreamManager();
    const streams: Record<string, number> = {};
    for (const kind of [StreamKind.Registry, StreamKind.Messages, StreamKind.Deliveries, StreamKind.Attempts]) {
      streams[kind] = (await jsm.streams.info(hookline.namespace.names.stream(kind))).state.last_seq;
    }
    return {
      apps: await read('/app?limit=250'),
      endpoints: await read(`/app/${ids.app}/endpoint`),
      headers: await read(`/app/${ids.app}/endpoint/${ids.endpoint}/headers`),
      secret: await read(`/app/${ids.app}/endpoint/${ids.endpoint}/secret`),
      eventTypes: await read('/event-type?include_archived=true'),
      messages: await read(`/app/${ids.app}/msg`),
      attempts: await read(`/app/${ids.app}/attempt/endpoint/${ids.endpoint}`),
      apiKeys: await read('/api-key'),
      rows,
      streams,
    };
  }

  async function send({ method, path, body, headers = {} }: Sent): Promise<Answer> {
    const response = await fetch(`${hookline.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${hookline.adminToken}`, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // left as text: the check will say it is not the expected shape
    }
    return { status: response.status, body: parsed };
  }

  /** Sends every request (a few at a time) and fails once, listing each answer that did not pass its check. */
  async function expectEach<R extends Sent>(requests: R[], check: (answer: Answer, request: R) => boolean): Promise<void> {
    expect(requests.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const queue = [...requests];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let request = queue.shift(); request; request = queue.shift()) {
          const answer = await send(request);
          if (!check(answer, request)) failures.push(`${request.label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  }

  const routes = Object.entries(ROUTES).map(([key, route]) => {
    const [method, pattern] = key.split(' ') as [Method, string];
    const params = [...pattern.matchAll(/:(\w+)/g)].map((match) => match[1] as Param);
    return { key, method, pattern, params, ...route };
  });
  /** Routes that read a JSON body; the others ignore one, once it parsed. */
  const withBody = () => routes.filter((route) => route.body);
  /** Every route whose method may carry a body: fastify parses it (JSON, at most 1 MiB) before routing on. */
  const bodyMethods = () => routes.filter((route) => ['POST', 'PUT', 'PATCH'].includes(route.method));
  /** The route's path with the fixture's ids, some replaced. */
  const pathOf = (pattern: string, replace: Partial<Record<Param, string>> = {}) =>
    pattern.replace(/:(\w+)/g, (_, param: Param) => replace[param] ?? encodeURIComponent(ids[param]));

  describe('the suite covers every route', () => {
    it('has a case table for every REST route the gateway serves, and no stale one', () => {
      const tree = hookline.gateway.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
      const registered: string[] = [];
      const stack: string[] = [];
      for (const line of tree.split('\n')) {
        const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/.exec(line);
        if (!match) continue;
        stack.length = match[1].length / 4;
        stack.push(match[2]);
        for (const method of (match[3] ?? '').split(', ')) {
          if (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) registered.push(`${method} ${stack.join('')}`);
        }
      }
      const api = registered.filter((route) => route.split(' ')[1].startsWith('/api/v1/'));
      expect(api.length).toBeGreaterThan(30);
      expect(api.filter((route) => !(route in ROUTES))).toEqual([]);
      expect(Object.keys(ROUTES).filter((route) => !api.includes(route))).toEqual([]);
    });
  });

  describe('rejected requests', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      before = await snapshot();
    });

    // Each test is compared with the state before it, so a change fails only the test that made it.
    afterEach(async () => {
      const previous = before;
      before = await snapshot();
      expect(before).toEqual(previous);
    });

    it('answers a missing or malformed Authorization header with 401 on every route', async () => {
      const authorizations = ['', 'Bearer', 'Bearer ', 'Bearer wrong-token', `Bearer ${hookline.adminToken}x`, `Basic ${Buffer.from('admin:admin').toString('base64')}`, `Token ${hookline.adminToken}`, 'Bearer hk_portal.forged'];
      const requests = routes
        .filter((route) => !route.public)
        .flatMap((route) =>
          authorizations.map((authorization) => ({
            label: `${route.key} with ${JSON.stringify(authorization.replace(hookline.adminToken, '<admin>'))}`,
            method: route.method,
            path: pathOf(route.pattern),
            body: route.body ? JSON.stringify(route.body.valid()) : undefined,
            headers: { authorization },
          })),
        );
      await expectEach(requests, (answer) => isError(401, 'authentication_failed')(answer) && !JSON.stringify(answer.body).includes(ids.app));
    });

    it('answers an unknown id, uid or name in the path with 404 {code: not_found}', async () => {
      const requests = routes.flatMap((route) =>
        route.params.flatMap((param) =>
          UNKNOWN[param]
            .filter((unknown) => param !== route.upserts || PREFIXED_ID.test(unknown))
            .map((unknown) => ({
              label: `${route.key} with ${param}=${unknown}`,
              method: route.method,
              path: pathOf(route.pattern, { [param]: unknown }),
              body: route.body ? JSON.stringify(route.body.valid()) : undefined,
            })),
        ),
      );
      await expectEach(requests, isError(404, 'not_found'));
    });

    it('answers a malformed id in the path with 422 at loc ["path", …]', async () => {
      const requests = routes.flatMap((route) =>
        route.params.flatMap((param) =>
          MALFORMED_IDS.map((malformed) => ({
            label: `${route.key} with ${param}=${malformed.slice(0, 20)}`,
            method: route.method,
            path: pathOf(route.pattern, { [param]: malformed }),
            body: route.body ? JSON.stringify(route.body.valid()) : undefined,
          })),
        ),
      );
      await expectEach(requests, isValidation(['path']));
    });

    it('accepts an id or uid of the longest allowed length in the path', async () => {
      const longest = 'u'.repeat(256);
      expect(await hookline.api.get(`/app/${longest}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await hookline.api.get(`/event-type/${longest}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    });

    it('answers a body that is not JSON with 422 value_error.jsondecode, as Svix', async () => {
      const malformed = ['{"name": "x",', '{', "{'name': 'x'}", '{"a": 1}}', 'nul', '', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"admin": true}}}'];
      const requests = bodyMethods().flatMap((route) =>
        malformed.map((body) => ({ label: `${route.key} with ${JSON.stringify(body)}`, method: route.method, path: pathOf(route.pattern), body })),
      );
      await expectEach(requests, isValidation(['body'], 'value_error.jsondecode'));
    });

    it('answers a JSON body that is not an object with 422 at loc ["body"]', async () => {
      const requests = withBody().flatMap((route) =>
        ['null', '[]', '[{}]', '"text"', '5', 'true'].map((body) => ({ label: `${route.key} with ${body}`, method: route.method, path: pathOf(route.pattern), body })),
      );
      await expectEach(requests, isValidation(['body'], 'type_error'));
    });

    it('answers a body over 1 MiB with 413', async () => {
      const huge = JSON.stringify({ blob: 'x'.repeat(ONE_MIB) });
      const requests = bodyMethods().map((route) => ({ label: route.key, method: route.method, path: pathOf(route.pattern), body: huge }));
      await expectEach(requests, isError(413, 'payload_too_large'));
    });

    it('answers a content type other than application/json with 415', async () => {
      const requests = bodyMethods().flatMap((route) => {
        const json = JSON.stringify(route.body?.valid() ?? {});
        return [
          { contentType: 'text/plain', body: json },
          { contentType: 'application/x-www-form-urlencoded', body: 'name=x&url=http%3A%2F%2F127.0.0.1%3A9%2Fx&eventType=fixture.type' },
          { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n' },
          { contentType: 'application/xml', body: '<name>x</name>' },
          { contentType: undefined, body: new TextEncoder().encode(json) },
        ].map(({ contentType, body }) => ({
          label: `${route.key} as ${contentType}`,
          method: route.method,
          path: pathOf(route.pattern),
          body,
          headers: contentType ? { 'content-type': contentType } : ({} as Record<string, string>),
        }));
      });
      await expectEach(requests, isError(415, 'unsupported_media_type'));
    });

    it('answers a wrongly typed or invalid field with 422 naming that field, ignoring unknown fields', async () => {
      const requests = withBody().flatMap((route) =>
        Object.entries(route.body!.fields).flatMap(([field, kind]) =>
          WRONG[kind].map((wrong) => ({
            label: `${route.key} with ${field}=${JSON.stringify(wrong).slice(0, 30)}`,
            field,
            method: route.method,
            path: pathOf(route.pattern),
            body: JSON.stringify({ ...route.body!.valid(), [field]: wrong, unknownField: 'ignored' }),
          })),
        ),
      );
      await expectEach(
        requests,
        (answer, request) => isValidation(['body', request.field])(answer) && !answer.body.detail.some((issue: any) => issue.loc.includes('unknownField')),
      );
    });

    it('answers invalid values only a service can judge with 422, and a payload too large to deliver with 413', async () => {
      const endpoints = `/api/v1/app/${ids.app}/endpoint`;
      const post = (label: string, path: string, body: object) => ({ label, method: 'POST' as Method, path, body: JSON.stringify(body) });
      const cases: [Sent, Check][] = [
        [post('endpoint without url', endpoints, { description: 'no url' }), isValidation(['body', 'url'])],
        ...['ftp://example.com/hook', 'javascript:alert(1)', 'not a url', '', 'http://10.0.0.1/private'].map(
          (url): [Sent, Check] => [post(`endpoint url ${url}`, endpoints, { url }), isValidation(['body', 'url'])],
        ),
        [
          post('filterTypes naming an undeclared event type', endpoints, { url: 'http://127.0.0.1:9/x', filterTypes: ['no.such.type'] }),
          (a) => isValidation(['body', 'filterTypes'])(a) && a.body.detail[0].msg.includes('no.such.type'),
        ],
        ...[{ 'bad name': 'x' }, { 'Content-Length': '1' }, { 'webhook-signature': 'v1,forged' }, { 'x-ok': 'line\r\nbreak' }].map(
          (headers): [Sent, Check] => [post(`headers ${JSON.stringify(headers)}`, endpoints, { url: 'http://127.0.0.1:9/x', headers }), isValidation(['body', 'headers'])],
        ),
        // Under the 1 MiB body limit, but a NATS message (1 MiB) has no room left for a delivery task's header.
        [post('payload too large to deliver', `/api/v1/app/${ids.app}/msg`, { eventType: 'fixture.type', payload: { blob: 'x'.repeat(ONE_MIB - 1024) } }), isError(413, 'payload_too_large')],
      ];
      const checks = new Map(cases);
      await expectEach([...checks.keys()], (answer, request) => checks.get(request)!(answer));
    });

    it('answers strings holding U+0000 and JSON nested deeper than 128 levels with 422', async () => {
      const requests = withBody().flatMap((route) => {
        const valid = route.body?.valid() ?? {};
        const stringField = Object.entries(route.body?.fields ?? {}).find(([, kind]) => kind === 'string' || kind === 'uid')?.[0];
        return [
          { what: 'a NUL in an unknown field', body: { ...valid, extra: 'a\u0000b' } },
          { what: 'a NUL in a key', body: { ...valid, 'a\u0000b': 1 } },
          { what: 'deep nesting', body: { ...valid, extra: nested(200) } },
          ...(stringField ? [{ what: `a NUL in ${stringField}`, body: { ...valid, [stringField]: 'a\u0000b' } }] : []),
        ].map(({ what, body }) => ({ label: `${route.key} with ${what}`, method: route.method, path: pathOf(route.pattern), body: JSON.stringify(body) }));
      });
      requests.push(
        ...[{ n: 'x\u0000y' }, { 'k\u0000': 1 }, { list: ['ok', 'a\u0000'] }, { half: 'x\ud800' }, { '\udc00k': 1 }, nested(200)].map((payload, i) => ({
          label: `message payload ${i}`,
          method: 'POST' as Method,
          path: `/api/v1/app/${ids.app}/msg`,
          body: JSON.stringify({ eventType: 'fixture.type', payload }),
        })),
      );
      await expectEach(requests, isValidation(['body']));
    });

    it('answers a bad query parameter with 422 at loc ["query", …]', async () => {
      const requests = routes
        .filter((route) => route.query)
        .flatMap((route) =>
          BAD_QUERY[route.query!].map((query) => ({
            label: `${route.key}?${query.slice(0, 40)}`,
            method: route.method,
            path: `${pathOf(route.pattern)}?${query}`,
            body: route.body ? JSON.stringify(route.body.valid()) : undefined,
          })),
        );
      await expectEach(requests, isValidation(['query']));
    });

    it('answers an idempotency-key longer than 256 characters with 422', async () => {
      const requests = routes
        .filter((route) => route.method === 'POST')
        .map((route) => ({
          label: route.key,
          method: route.method,
          path: pathOf(route.pattern),
          body: route.body ? JSON.stringify(route.body.valid()) : undefined,
          headers: { 'idempotency-key': 'k'.repeat(257) },
        }));
      await expectEach(requests, isValidation(['header', 'idempotency-key']));
    });

    it('answers an unknown route with 404 {code, detail}', async () => {
      const requests = ['/api/v1/no-such-route', '/api/v1/app/x/no-such', '/api/v1/event-type/x/y'].map((path) => ({ label: path, method: 'GET' as Method, path }));
      requests.push({ label: 'DELETE /api/v1/event-type', method: 'DELETE' as Method, path: '/api/v1/event-type' });
      await expectEach(requests, isError(404, 'not_found'));
    });

    describe('over gRPC', () => {
      type Service = GrpcService;
      let clients: Record<Service, GrpcClient>;

      beforeAll(() => {
        clients = grpcClients(hookline.env.GRPC_PORT!);
      });

      afterAll(() => Object.values(clients ?? {}).forEach((client) => client.close()));

      const call = (service: Service, method: string, request: object, token: string | null = hookline.adminToken) => {
        const metadata = new Metadata();
        if (token !== null) metadata.set('authorization', `Bearer ${token}`);
        return new Promise<{ code: number; details?: string }>((resolve) =>
          clients[service][method](request, metadata, (error: any) => resolve(error ? { code: error.code, details: error.details } : { code: status.OK })),
        );
      };

      it('answers malformed requests to every service with INVALID_ARGUMENT and unknown ids with NOT_FOUND', async () => {
        const cases: [Service, string, () => object, status][] = [
          ['Applications', 'Get', () => ({ app: '' }), status.INVALID_ARGUMENT],
          ['Applications', 'Get', () => ({ app: 'a\u0000b' }), status.INVALID_ARGUMENT],
          ['Applications', 'Get', () => ({ app: 'x'.repeat(257) }), status.INVALID_ARGUMENT],
          ['Applications', 'Get', () => ({ app: 'app_0000000000000000000000' }), status.NOT_FOUND],
          ['Applications', 'Create', () => ({ application: {} }), status.INVALID_ARGUMENT],
          ['Applications', 'Create', () => ({ application: { name: 'x', uid: 'has space' } }), status.INVALID_ARGUMENT],
          ['Applications', 'List', () => ({ page: { limit: 251 } }), status.INVALID_ARGUMENT],
          ['Applications', 'List', () => ({ page: { iterator: 'a b' } }), status.INVALID_ARGUMENT],
          ['Applications', 'Update', () => ({ app: 'app_0000000000000000000000', application: { name: 'x' } }), status.NOT_FOUND],
          ['Applications', 'Delete', () => ({ app: 'bad id' }), status.INVALID_ARGUMENT],
          ['Endpoints', 'Create', () => ({ app: ids.app, endpoint: { url: 'not a url' } }), status.INVALID_ARGUMENT],
          ['Endpoints', 'Create', () => ({ app: 'no-such-app', endpoint: { url: 'http://127.0.0.1:9/x' } }), status.NOT_FOUND],
          ['Endpoints', 'Get', () => ({ app: ids.app, endpoint: '' }), status.INVALID_ARGUMENT],
          ['Endpoints', 'Get', () => ({ app: ids.app, endpoint: 'ep_0000000000000000000000' }), status.NOT_FOUND],
          ['Endpoints', 'GetSecret', () => ({ app: ids.app, endpoint: 'a\u0000' }), status.INVALID_ARGUMENT],
          ['Endpoints', 'Update', () => ({ app: ids.app, endpoint: ids.endpoint, body: { url: 'ftp://example.com/x' } }), status.INVALID_ARGUMENT],
          ['EventTypes', 'Create', () => ({ name: 'has space', description: 'x' }), status.INVALID_ARGUMENT],
          ['EventTypes', 'Create', () => ({ name: 'ok.name', description: 'x', schemasJson: '{not json' }), status.INVALID_ARGUMENT],
          ['EventTypes', 'Get', () => ({ name: 'no.such.type' }), status.NOT_FOUND],
          ['EventTypes', 'Delete', () => ({ name: '' }), status.INVALID_ARGUMENT],
          ['Messages', 'Create', () => ({ app: ids.app, message: { eventType: 'fixture.type', payloadJson: '{not json' } }), status.INVALID_ARGUMENT],
          ['Messages', 'Create', () => ({ app: ids.app, message: { eventType: 'fixture.type', payloadJson: '{"a": "\\u0000"}' } }), status.INVALID_ARGUMENT],
          ['Messages', 'Create', () => ({ app: ids.app, message: { eventType: 'has space', payloadJson: '{}' } }), status.INVALID_ARGUMENT],
          ['Messages', 'Create', () => ({ app: 'no-such-app', message: { eventType: 'fixture.type', payloadJson: '{}' } }), status.NOT_FOUND],
          ['Messages', 'Get', () => ({ app: ids.app, msg: 'msg_0000000000000000000000' }), status.NOT_FOUND],
          ['Messages', 'Get', () => ({ app: ids.app, msg: '' }), status.INVALID_ARGUMENT],
          ['Messages', 'List', () => ({ app: ids.app, page: { limit: 251 } }), status.INVALID_ARGUMENT],
          ['Attempts', 'ListByEndpoint', () => ({ app: ids.app, endpoint: 'ep_0000000000000000000000' }), status.NOT_FOUND],
          ['Attempts', 'ListByMessage', () => ({ app: ids.app, msg: '' }), status.INVALID_ARGUMENT],
          ['Attempts', 'ListByMessage', () => ({ app: ids.app, msg: 'msg_0000000000000000000000' }), status.NOT_FOUND],
          ['Attempts', 'Resend', () => ({ app: ids.app, msg: 'msg_0000000000000000000000', endpoint: ids.endpoint }), status.NOT_FOUND],
          ['Attempts', 'Resend', () => ({ app: ids.app, msg: ids.msg, endpoint: 'bad id' }), status.INVALID_ARGUMENT],
        ];
        const answers = [];
        for (const [service, method, request, expected] of cases) {
          const { code, details } = await call(service, method, request());
          answers.push({ call: `${service}.${method} ${JSON.stringify(request()).slice(0, 80)}`, code: status[code], details: code === expected ? undefined : details });
        }
        expect(answers).toEqual(cases.map(([service, method, request, expected]) => ({ call: `${service}.${method} ${JSON.stringify(request()).slice(0, 80)}`, code: status[expected], details: undefined })));
      });

      it('answers a call without a valid token with UNAUTHENTICATED on every service', async () => {
        const calls: [Service, string, object][] = [
          ['Applications', 'List', {}],
          ['Endpoints', 'List', { app: ids.app }],
          ['EventTypes', 'List', {}],
          ['Messages', 'Create', { app: ids.app, message: { eventType: 'fixture.type', payloadJson: '{}' } }],
          ['Attempts', 'Resend', { app: ids.app, msg: ids.msg, endpoint: ids.endpoint }],
        ];
        for (const [service, method, request] of calls) {
          for (const token of [null, '', 'wrong-token']) expect({ service, token, code: (await call(service, method, request, token)).code }).toEqual({ service, token, code: status.UNAUTHENTICATED });
        }
      });
    });
  });

  describe('over NATS ingest', () => {
    it('records messages PostgreSQL could not store as rejected, and keeps logging and delivering the next ones', async () => {
      const subject = hookline.namespace.names.message('org_default', ids.app);
      const js = nc.jetstream();
      const delivered = receiver.requests.length;
      const bad = [
        JSON.stringify({ eventType: 'fixture.type', payload: { n: 'x\u0000y' } }),
        JSON.stringify({ eventType: 'fixture.type', payload: { 'k\u0000': 1 } }),
        JSON.stringify({ eventType: 'fixture.type', payload: nested(200) }),
        JSON.stringify({ eventType: 'fixture.type', payload: { half: 'x\ud800' } }),
        '{"eventType": "fixture.type", "payload": {"raw": "\u0000\u0000"}',
        Buffer.from([0x7b, 0x00, 0x7d]),
      ];
      for (const data of bad) await js.publish(subject, data);
      const good = await js.publish(subject, JSON.stringify({ eventType: 'fixture.type', payload: { after: 'the bad ones' } }));

      const rejected = await eventually(async () => {
        const list = await hookline.api.get(`/app/${ids.app}/rejected-msg`);
        expect(list.body).toHaveLength(bad.length);
        return list.body;
      });
      expect(rejected.map((entry: any) => entry.raw).join('')).not.toContain('\u0000');
      await eventually(async () => {
        const messages = (await hookline.api.get(`/app/${ids.app}/msg`)).body.data;
        expect(messages.map((message: any) => message.payload)).toContainEqual({ after: 'the bad ones' });
      });
      await receiver.waitFor(delivered + 1);
      expect(good.duplicate).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.requests).toHaveLength(delivered + 1);
    });
  });

  describe('unknown fields', () => {
    it('are ignored, as Svix does: they are neither stored nor able to set server-side fields', async () => {
      const extra = { id: 'chosen_id', orgId: 'org_other', createdAt: '2000-01-01T00:00:00.000Z', unknownField: 'x' };
      const app = await hookline.api.post('/app', { name: 'extra', ...extra });
      expect(app.status).toBe(201);
      const endpoint = await hookline.api.post(`/app/${app.body.id}/endpoint`, { url: 'http://127.0.0.1:9/x', ...extra });
      const eventType = await hookline.api.post('/event-type', { name: 'extra.type', description: 'x', ...extra });
      const message = await hookline.api.post(`/app/${app.body.id}/msg`, { eventType: 'fixture.type', payload: {}, ...extra });
      for (const [created, prefix] of [[app, 'app_'], [endpoint, 'ep_'], [message, 'msg_']] as const) {
        expect(created.status).toBe(201);
        expect(created.body.id).toMatch(new RegExp(`^${prefix}`));
      }
      for (const created of [app, endpoint, eventType, message]) {
        expect(created.body).not.toHaveProperty('unknownField');
        expect(created.body).not.toHaveProperty('orgId');
        expect(created.body.createdAt ?? created.body.timestamp).not.toBe(extra.createdAt);
      }
      expect((await hookline.api.get(`/app/${app.body.id}`)).body).not.toHaveProperty('unknownField');
      // The app is in the caller's org, not the one named in the body.
      expect((await hookline.api.get('/app?limit=250')).body.data.map((a: any) => a.id)).toContain(app.body.id);
    });
  });
});
