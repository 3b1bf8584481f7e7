import { TestHookline, WebhookReceiver, applicationIn, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';
import { loadRouterConfig } from '../apps/event-router/src/config/router.config';

describe("the router's window of unstored delivery tasks", () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    // One byte: every task of a fan-out waits for the one before it to be stored.
    hookline = await startTestHookline({ env: { HOOKLINE_ROUTER_MAX_UNSTORED_BYTES: '1' } });
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await hookline?.stop();
  });

  it('still fans every message out to every endpoint, once each', async () => {
    const appId = (await hookline.api.post('/app', applicationIn())).body.id;
    const endpoints = 5;
    for (let n = 0; n < endpoints; n++) await hookline.api.post(`/app/${appId}/endpoint`, endpointIn({ url: `${receiver.url}?endpoint=${n}` }));
    const messages = 4;
    for (let i = 0; i < messages; i++) await hookline.api.post(`/app/${appId}/msg`, messageIn({ payload: { i } }));

    const requests = await receiver.waitFor(messages * endpoints);
    const deliveries = requests.map((request) => `${request.path} ${request.headers['webhook-id']}`);
    expect(new Set(deliveries).size).toBe(messages * endpoints);
    // Nothing more arrives later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests).toHaveLength(messages * endpoints);
  });

  it('refuses a window that is not a positive integer, naming the variable', () => {
    const env = { NATS_URL: 'nats://127.0.0.1:4222' };
    expect(loadRouterConfig(env).maxUnstoredTaskBytes).toBe(4 * 1024 * 1024);
    for (const bad of ['0', '-1', '1.5', 'lots']) {
      expect(() => loadRouterConfig({ ...env, HOOKLINE_ROUTER_MAX_UNSTORED_BYTES: bad })).toThrow(/HOOKLINE_ROUTER_MAX_UNSTORED_BYTES/);
    }
  });
});
