import { ApiException, Svix, Webhook } from 'svix';
import { TestHookline, WebhookReceiver, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** The official svix npm SDK, unchanged, pointed at Hookline with `serverUrl`. */
describe('compatibility with the svix SDK', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;
  let svix: Svix;

  beforeAll(async () => {
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver();
    svix = new Svix(hookline.adminToken, { serverUrl: hookline.url });
  });

  afterAll(async () => {
    await receiver?.close();
    await hookline?.stop();
  });

  it('drives apps, event types, endpoints, messages and attempts end to end', async () => {
    const app = await svix.application.create({ name: 'SDK app', uid: 'sdk-app', metadata: { plan: 'pro' } });
    expect(app).toMatchObject({ name: 'SDK app', uid: 'sdk-app', metadata: { plan: 'pro' } });
    expect(app.id).toMatch(/^app_/);
    expect(app.createdAt).toBeInstanceOf(Date);
    expect((await svix.application.getOrCreate({ name: 'other name', uid: 'sdk-app' })).id).toBe(app.id);
    expect((await svix.application.get('sdk-app')).id).toBe(app.id);
    expect((await svix.application.update(app.id, { name: 'Renamed', uid: 'sdk-app' })).name).toBe('Renamed');
    expect((await svix.application.patch(app.id, { metadata: { plan: 'team' } })).metadata).toEqual({ plan: 'team' });
    expect((await svix.application.list({ limit: 10 })).data.map((a) => a.id)).toContain(app.id);

    await svix.eventType.create({ name: 'invoice.paid', description: 'An invoice was paid', schemas: { '1': { type: 'object' } } });
    await svix.eventType.create({ name: 'invoice.voided', description: 'An invoice was voided' });
    const types = await svix.eventType.list();
    expect(types.data.map((type) => type.name)).toEqual(['invoice.paid', 'invoice.voided']);
    expect((await svix.eventType.get('invoice.paid')).schemas).toEqual({ '1': { type: 'object' } });
    await svix.eventType.delete('invoice.voided');
    expect((await svix.eventType.list()).data.map((type) => type.name)).toEqual(['invoice.paid']);
    await svix.eventType.delete('invoice.voided', { expunge: true });
    await svix.eventType.create({ name: 'invoice.voided', description: 'created again after expunging' });
    expect((await svix.eventType.get('invoice.voided')).description).toBe('created again after expunging');

    const endpoint = await svix.endpoint.create(app.id, { url: receiver.url, filterTypes: ['invoice.paid'], uid: 'billing', description: 'billing' });
    expect(endpoint).toMatchObject({ url: receiver.url, filterTypes: ['invoice.paid'], uid: 'billing', disabled: false, version: 1 });
    expect((await svix.endpoint.get(app.id, 'billing')).id).toBe(endpoint.id);
    expect((await svix.endpoint.update(app.id, endpoint.id, { url: receiver.url, filterTypes: ['invoice.paid'], description: 'updated' })).description).toBe('updated');
    expect((await svix.endpoint.patch(app.id, endpoint.id, { description: 'patched' })).description).toBe('patched');
    expect((await svix.endpoint.list(app.id)).data.map((e) => e.id)).toEqual([endpoint.id]);

    await svix.endpoint.updateHeaders(app.id, endpoint.id, { headers: { 'x-tenant': 'acme', authorization: 'Bearer receiver-secret' } });
    const headers = await svix.endpoint.getHeaders(app.id, endpoint.id);
    expect(headers).toEqual({ headers: { 'x-tenant': 'acme' }, sensitive: ['authorization'] });

    const { key: firstSecret } = await svix.endpoint.getSecret(app.id, endpoint.id);
    expect(firstSecret).toMatch(/^whsec_/);

    const message = await svix.message.create(app.id, { eventType: 'invoice.paid', payload: { invoice: 'in_1', amount: 4200 }, eventId: 'evt-1' });
    expect(message.id).toMatch(/^msg_/);
    const [request] = await receiver.waitFor(1);
    const headersOf = (r: typeof request) => ({ 'svix-id': r.headers['svix-id'] as string, 'svix-timestamp': r.headers['svix-timestamp'] as string, 'svix-signature': r.headers['svix-signature'] as string });
    expect(new Webhook(firstSecret).verify(request.body, headersOf(request))).toEqual({ invoice: 'in_1', amount: 4200 });
    expect(request.headers['x-tenant']).toBe('acme');
    expect(request.headers.authorization).toBe('Bearer receiver-secret');

    // Rotation: the new secret signs at once, the old one keeps signing during the grace period.
    await svix.endpoint.rotateSecret(app.id, endpoint.id, {});
    const { key: secondSecret } = await svix.endpoint.getSecret(app.id, endpoint.id);
    expect(secondSecret).not.toBe(firstSecret);
    await svix.message.create(app.id, { eventType: 'invoice.paid', payload: { invoice: 'in_2' } });
    const [, rotated] = await receiver.waitFor(2);
    expect(new Webhook(secondSecret).verify(rotated.body, headersOf(rotated))).toEqual({ invoice: 'in_2' });
    expect(new Webhook(firstSecret).verify(rotated.body, headersOf(rotated))).toEqual({ invoice: 'in_2' });

    expect((await svix.message.get(app.id, message.id)).payload).toEqual({ invoice: 'in_1', amount: 4200 });
    expect((await svix.message.get(app.id, 'evt-1')).id).toBe(message.id);
    expect((await svix.message.list(app.id)).data).toHaveLength(2);

    const byEndpoint = await waitForAttempts(() => svix.messageAttempt.listByEndpoint(app.id, endpoint.id), 2);
    expect(byEndpoint.data.every((attempt) => attempt.status === 0 && attempt.responseStatusCode === 204)).toBe(true);
    const byMsg = await svix.messageAttempt.listByMsg(app.id, message.id);
    expect(byMsg.data).toHaveLength(1);
    expect(byMsg.data[0]).toMatchObject({ msgId: message.id, endpointId: endpoint.id, triggerType: 0 });
    expect((await svix.messageAttempt.listByMsg(app.id, 'evt-1')).data).toEqual(byMsg.data);

    await svix.messageAttempt.resend(app.id, message.id, endpoint.id);
    const [, , resent] = await receiver.waitFor(3);
    expect(resent.headers['svix-id']).toBe(message.id);

    await svix.endpoint.delete(app.id, endpoint.id);
    await expect(svix.endpoint.get(app.id, endpoint.id)).rejects.toMatchObject({ code: 404 });
    await svix.application.delete(app.id);
    await expect(svix.application.get(app.id)).rejects.toBeInstanceOf(ApiException);
  });

  it('surfaces validation errors and conflicts as the SDK expects', async () => {
    await expect(svix.application.create({ name: 'x', uid: 'bad uid' })).rejects.toMatchObject({ code: 422 });
    await svix.application.create({ name: 'dup', uid: 'dup-app' });
    await expect(svix.application.create({ name: 'dup', uid: 'dup-app' })).rejects.toMatchObject({ code: 409 });
  });
});

async function waitForAttempts<T extends { data: unknown[] }>(list: () => Promise<T>, count: number): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const page = await list();
    if (page.data.length >= count) return page;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} attempts were logged`);
}
