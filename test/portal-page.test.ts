import { existsSync } from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { TestHookline, WebhookReceiver, eventually, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** Debian's chromium (`.ci/run` installs it); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The portal page in a real browser (headless Chromium), as an end customer with a portal link uses it. */
describe('app portal page', () => {
  let hookline: TestHookline;
  let browser: Browser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await hookline?.stop();
  });

  const portalFor = async (appId: string, readOnly = false): Promise<Page> => {
    const { url } = (await hookline.api.post(`/auth/app-portal-access/${appId}`, { readOnly })).body;
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(url);
    await page.locator('#app', { hasText: 'Customer portal' }).waitFor();
    return page;
  };

  it('lets a customer add an endpoint, read its secret, see and resend deliveries, edit, disable and delete it', async () => {
    const app = (await hookline.api.post('/app', { name: 'Customer portal' })).body;
    await hookline.api.post('/event-type', { name: 'invoice.paid', description: 'An invoice was paid' });
    const page = await portalFor(app.id);

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('Description').first().fill('billing');
    await page.getByLabel('Event types').first().fill('invoice.paid');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.locator('#endpoints tbody tr', { hasText: receiver.url }).waitFor();
    const [endpoint] = (await hookline.api.get(`/app/${app.id}/endpoint`)).body.data;
    expect(endpoint).toMatchObject({ url: receiver.url, description: 'billing', filterTypes: ['invoice.paid'] });

    await page.locator('#endpoints tbody tr', { hasText: receiver.url }).click();
    await page.getByRole('button', { name: 'Reveal' }).click();
    const secret = (await page.locator('#secret', { hasText: 'whsec_' }).textContent())!;
    expect(secret).toBe((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body.key);

    // The secret the portal showed verifies what Hookline sends.
    const message = (await hookline.api.post(`/app/${app.id}/msg`, { eventType: 'invoice.paid', payload: { invoice: 42 } })).body;
    const [delivered] = await receiver.waitFor(1);
    expect(new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>)).toEqual({ invoice: 42 });

    await eventually(async () => {
      await page.reload();
      await page.locator('#endpoints tbody tr', { hasText: receiver.url }).click();
      await page.locator('#attempts tbody tr', { hasText: message.id }).filter({ hasText: 'succeeded' }).waitFor({ timeout: 1000 });
    });
    await page.locator('#attempts tbody tr', { hasText: message.id }).getByRole('button', { name: 'Resend' }).click();
    await receiver.waitFor(2);
    expect(receiver.requests[1].headers['webhook-id']).toBe(message.id);

    await page.locator('#messages tbody tr', { hasText: message.id }).click();
    await page.locator('#msg-attempts tbody tr', { hasText: receiver.url }).first().waitFor();
    expect(await page.locator('#msg-payload').textContent()).toContain('"invoice": 42');

    await page.getByLabel('Test event type').fill('invoice.paid');
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor(3);

    const rotated = page.waitForResponse((response) => response.url().endsWith(`/endpoint/${endpoint.id}/secret/rotate`));
    await page.getByRole('button', { name: 'Rotate' }).click();
    expect((await rotated).status()).toBe(204);
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body.key).not.toBe(secret);

    // What the customer types survives the reload that follows another change (here: disabling).
    const edit = page.locator('#edit');
    await edit.getByLabel('Description').fill('billing, v2');
    await edit.getByLabel('Event types').fill('');
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.locator('#ep-status', { hasText: 'disabled' }).waitFor();
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}`)).body.disabled).toBe(true);
    await edit.getByRole('button', { name: 'Save' }).click();
    await eventually(async () =>
      expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}`)).body).toMatchObject({ description: 'billing, v2', filterTypes: null, disabled: true }),
    );

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.locator('#endpoint').waitFor({ state: 'hidden' });
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}`)).status).toBe(404);
    expect(await page.locator('#error').textContent()).toBe('');
    await page.close();
  });

  it('shows a read-only token the same views without the controls that change things or the secret', async () => {
    const app = (await hookline.api.post('/app', { name: 'Customer portal' })).body;
    await hookline.api.post(`/app/${app.id}/endpoint`, { url: receiver.url, description: 'watched' });
    const page = await portalFor(app.id, true);
    await page.locator('#endpoints tbody tr', { hasText: 'watched' }).click();
    await page.locator('#endpoint').waitFor();
    expect(await page.locator('#ep-status').textContent()).toBe('enabled');
    for (const name of ['Add endpoint', 'Save', 'Disable', 'Delete', 'Reveal', 'Rotate', 'Send test event']) {
      const button = page.getByRole('button', { name, includeHidden: true });
      expect(await button.count()).toBe(1);
      expect(await button.isVisible()).toBe(false);
    }
    await page.close();
  });

  it('pages through older messages and attempts, and shows messages by event type and attempts by result', async () => {
    const picky = await startWebhookReceiver((request) => (request.body.includes('"fail":true') ? 500 : 204));
    const app = (await hookline.api.post('/app', { name: 'Customer portal' })).body;
    // One attempt each: the failing message fails for good, no retries joining the list.
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, { url: picky.url, retryPolicy: { maxAttempts: 1 } })).body;
    const sent: string[] = [];
    for (let n = 0; n < 23; n++) sent.push((await hookline.api.post(`/app/${app.id}/msg`, { eventType: 'page.test', payload: { n, fail: n === 0 } })).body.id);
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}?limit=50`)).body.data).toHaveLength(23));

    const page = await portalFor(app.id);
    const messageRows = page.locator('#messages tbody tr');
    await eventually(async () => expect(await messageRows.count()).toBe(20));
    await page.getByRole('button', { name: 'Older messages' }).click();
    await eventually(async () => expect(await messageRows.count()).toBe(23));
    expect(await page.getByRole('button', { name: 'Older messages' }).isVisible()).toBe(false);
    expect(await messageRows.last().textContent()).toContain(sent[0]);
    await hookline.api.post(`/app/${app.id}/msg`, { eventType: 'page.other', payload: {} });
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/attempt/endpoint/${endpoint.id}?limit=50`)).body.data).toHaveLength(24));
    await eventually(async () => expect((await hookline.api.get(`/app/${app.id}/msg?event_types=page.other`)).body.data).toHaveLength(1));
    await page.getByLabel('Messages of event type').fill('page.other');
    await page.getByLabel('Messages of event type').press('Enter');
    await eventually(async () => expect(await messageRows.count()).toBe(1));
    expect(await messageRows.textContent()).toContain('page.other');
    await page.getByLabel('Messages of event type').fill('');
    await page.getByLabel('Messages of event type').press('Enter');
    await eventually(async () => expect(await messageRows.count()).toBe(20));

    await page.locator('#endpoints tbody tr', { hasText: picky.url }).click();
    const attemptRows = page.locator('#attempts tbody tr');
    await eventually(async () => expect(await attemptRows.count()).toBe(20));
    await page.getByRole('button', { name: 'Older attempts' }).click();
    // The 23 messages and the page.other one.
    await eventually(async () => expect(await attemptRows.count()).toBe(24));
    await page.getByLabel('Attempts shown').selectOption('failed');
    await eventually(async () => expect(await attemptRows.count()).toBe(1));
    expect(await attemptRows.textContent()).toContain(sent[0]);
    await page.getByLabel('Attempts shown').selectOption('succeeded');
    await eventually(async () => expect(await attemptRows.count()).toBe(20));
    expect(await page.locator('#attempts').textContent()).not.toContain(sent[0]);
    await Promise.all([page.close(), picky.close()]);
  });

  it('says so when the link lost its token, and keeps a good one out of the address bar', async () => {
    const app = (await hookline.api.post('/app', { name: 'Customer portal' })).body;
    const page = await portalFor(app.id);
    expect(new URL(page.url()).hash).toBe('');
    await page.reload();
    await page.locator('#app', { hasText: 'Customer portal' }).waitFor();

    const bare = await browser.newPage();
    await bare.goto(`${hookline.url}/portal`);
    await bare.locator('#error', { hasText: 'This link is incomplete' }).waitFor();
    await Promise.all([page.close(), bare.close()]);
  });
});
