import { Metadata, status } from '@grpc/grpc-js';
import { Webhook } from 'standardwebhooks';
import { GrpcClient, GrpcService, TestHookline, grpcClients, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** The gRPC API, called with a real @grpc/grpc-js client built from proto/hookline/v1. */
describe('gRPC API', () => {
  let hookline: TestHookline;
  let clients: Record<GrpcService, GrpcClient>;
  let auth: Metadata;

  beforeAll(async () => {
    hookline = await startTestHookline();
    clients = grpcClients(hookline.env.GRPC_PORT!);
    auth = new Metadata();
    auth.set('authorization', `Bearer ${hookline.adminToken}`);
  });

  afterAll(async () => {
    Object.values(clients ?? {}).forEach((client) => client.close());
    await hookline?.stop();
  });

  const call = (service: keyof typeof clients, method: string, request: object, metadata = auth) =>
    new Promise<any>((resolve, reject) => clients[service][method].call(clients[service], request, metadata, (error, response) => (error ? reject(error) : resolve(response))));

  it('mirrors the REST core: apps, event types, endpoints, messages, attempts and resend', async () => {
    const receiver = await startWebhookReceiver();
    const app = await call('Applications', 'Create', { application: { name: 'gRPC app', uid: 'grpc-app', metadata: { team: 'core' } } });
    expect(app).toMatchObject({ name: 'gRPC app', uid: 'grpc-app', metadata: { team: 'core' } });
    expect((await call('Applications', 'Create', { application: { name: 'again', uid: 'grpc-app' }, getIfExists: true })).id).toBe(app.id);
    expect((await call('Applications', 'Get', { app: 'grpc-app' })).id).toBe(app.id);
    expect((await call('Applications', 'List', { page: { limit: 10 } })).data.map((a: any) => a.id)).toContain(app.id);
    expect((await call('Applications', 'Update', { app: app.id, application: { name: 'renamed', uid: 'grpc-app' } })).name).toBe('renamed');

    await call('EventTypes', 'Create', { name: 'order.paid', description: 'paid', schemasJson: JSON.stringify({ '1': { type: 'object' } }) });
    expect(JSON.parse((await call('EventTypes', 'Get', { name: 'order.paid' })).schemasJson)).toEqual({ '1': { type: 'object' } });
    expect((await call('EventTypes', 'List', {})).data.map((t: any) => t.name)).toEqual(['order.paid']);

    const endpoint = await call('Endpoints', 'Create', { app: app.id, endpoint: { url: receiver.url, filterTypes: ['order.paid'] } });
    expect(endpoint).toMatchObject({ url: receiver.url, filterTypes: ['order.paid'], ordering: 'none', payloadMode: 'full' });
    expect((await call('Endpoints', 'List', { app: app.id })).data).toHaveLength(1);
    const { key } = await call('Endpoints', 'GetSecret', { app: app.id, endpoint: endpoint.id });

    // Delivered as written, not as JSON.stringify would write it again ({"order":7}).
    const payloadJson = '{"order": 7.0}';
    const message = await call('Messages', 'Create', { app: app.id, message: { eventType: 'order.paid', payloadJson } });
    expect(message.id).toMatch(/^msg_/);
    const [request] = await receiver.waitFor(1);
    expect(request.body).toBe(payloadJson);
    const h = request.headers as Record<string, string>;
    expect(new Webhook(key).verify(request.body, { 'webhook-id': h['webhook-id'], 'webhook-timestamp': h['webhook-timestamp'], 'webhook-signature': h['webhook-signature'] })).toEqual({ order: 7 });
    expect(JSON.parse((await call('Messages', 'Get', { app: app.id, msg: message.id })).payloadJson)).toEqual({ order: 7 });
    expect((await call('Messages', 'List', { app: app.id })).data).toHaveLength(1);

    let attempts: any;
    for (let i = 0; i < 50 && !(attempts?.data?.length); i++) {
      attempts = await call('Attempts', 'ListByEndpoint', { app: app.id, endpoint: endpoint.id });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(attempts.data[0]).toMatchObject({ msgId: message.id, responseStatusCode: 204 });
    expect((await call('Attempts', 'ListByMessage', { app: app.id, msg: message.id })).data).toHaveLength(1);
    await call('Attempts', 'Resend', { app: app.id, msg: message.id, endpoint: endpoint.id });
    await receiver.waitFor(2);

    await call('Endpoints', 'Delete', { app: app.id, endpoint: endpoint.id });
    await call('Applications', 'Delete', { app: app.id });
    await expect(call('Applications', 'Get', { app: app.id })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await receiver.close();
  });

  it('answers with standard status codes and refuses missing or foreign credentials', async () => {
    await expect(call('Applications', 'Create', { application: { name: '' } })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(call('Endpoints', 'Create', { app: 'app_unknown', endpoint: { url: 'http://127.0.0.1:9/x' } })).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(call('Messages', 'Create', { app: 'x', message: { eventType: 'a', payloadJson: '{bad' } })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await call('Applications', 'Create', { application: { name: 'dup', uid: 'grpc-dup' } });
    await expect(call('Applications', 'Create', { application: { name: 'dup', uid: 'grpc-dup' } })).rejects.toMatchObject({ code: status.ALREADY_EXISTS });
    await expect(call('Applications', 'List', {}, new Metadata())).rejects.toMatchObject({ code: status.UNAUTHENTICATED });

    const otherKey = (await hookline.api.post('/api-key', { name: 'other', newOrg: true })).body.key;
    const other = new Metadata();
    other.set('authorization', `Bearer ${otherKey}`);
    await expect(call('Applications', 'Get', { app: 'grpc-dup' }, other)).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect((await call('Applications', 'List', {}, other)).data ?? []).toEqual([]);
  });
});
