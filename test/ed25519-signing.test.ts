import { KeyObject, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ReceivedRequest, TestHookline, WebhookReceiver, applicationIn, endpointIn, messageIn, startTestHookline, startWebhookReceiver } from '@hookline/testing';

/** A key pair made here with Node's crypto alone, so nothing of Hookline's signing code is trusted. */
function ed25519KeyPair(): { secret: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { secret: `whsk_${seed.toString('base64')}`, publicKey: `whpk_${raw.toString('base64')}` };
}

function publicKeyObject(whpk: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(whpk.slice('whpk_'.length), 'base64').toString('base64url') }, format: 'jwk' });
}

/** What a receiver holding only the `whpk_` key does: verify one of the `v1a` signatures over `<id>.<timestamp>.<body>`. */
function verifiesWithPublicKey(request: ReceivedRequest, whpk: string): boolean {
  const content = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  return String(request.headers['webhook-signature'])
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, content, publicKeyObject(whpk), Buffer.from(entry.slice(4), 'base64')));
}

function signatureVersions(request: ReceivedRequest): string[] {
  return String(request.headers['webhook-signature']).split(' ').map((entry) => entry.split(',')[0]);
}

const webhookHeaders = (request: ReceivedRequest) => ({
  'webhook-id': String(request.headers['webhook-id']),
  'webhook-timestamp': String(request.headers['webhook-timestamp']),
  'webhook-signature': String(request.headers['webhook-signature']),
});

describe('ed25519 endpoint signing (v1a)', () => {
  let hookline: TestHookline;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    hookline = await startTestHookline();
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await hookline?.stop();
  });

  async function deliver(appId: string): Promise<ReceivedRequest> {
    const before = receiver.requests.length;
    await hookline.api.post(`/app/${appId}/msg`, messageIn());
    return (await receiver.waitFor(before + 1))[before];
  }

  it('signs with a given whsk_ key; the receiver verifies with the whpk_ key that GET .../secret returns', async () => {
    const { secret, publicKey } = ed25519KeyPair();
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const created = await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, secret }));
    expect(created.status).toBe(201);
    const { key } = (await hookline.api.get(`/app/${app.id}/endpoint/${created.body.id}/secret`)).body;
    expect(key).toBe(publicKey);

    const request = await deliver(app.id);
    expect(signatureVersions(request)).toEqual(['v1a']);
    expect(request.headers['svix-signature']).toBe(request.headers['webhook-signature']);
    expect(verifiesWithPublicKey(request, publicKey)).toBe(true);
    expect(verifiesWithPublicKey({ ...request, body: `${request.body} ` }, publicKey)).toBe(false);
    expect(verifiesWithPublicKey(request, ed25519KeyPair().publicKey)).toBe(false);
    // standardwebhooks 1.1.1 knows only v1 (HMAC): it finds no signature it can check.
    expect(() => new Webhook(`whsec_${randomBytes(24).toString('base64')}`).verify(request.body, webhookHeaders(request))).toThrow('No matching signature');
  });

  it('generates an ed25519 key on request (keyType) and never shows its secret half', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, keyType: 'ed25519' }))).body;
    const { key } = (await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body;
    expect(key).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(verifiesWithPublicKey(await deliver(app.id), key)).toBe(true);
  });

  it('rotates hmac → ed25519 → hmac with both kinds of signature during the grace period', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }))).body;
    const secretUrl = `/app/${app.id}/endpoint/${endpoint.id}/secret`;
    const hmacSecret = (await hookline.api.get(secretUrl)).body.key;
    expect(hmacSecret).toMatch(/^whsec_/);

    const { secret, publicKey } = ed25519KeyPair();
    expect((await hookline.api.post(`${secretUrl}/rotate`, { key: secret })).status).toBe(204);
    expect((await hookline.api.get(secretUrl)).body.key).toBe(publicKey);
    const during = await deliver(app.id);
    expect(signatureVersions(during)).toEqual(['v1', 'v1a']);
    expect(new Webhook(hmacSecret).verify(during.body, webhookHeaders(during))).toEqual(JSON.parse(during.body));
    expect(verifiesWithPublicKey(during, publicKey)).toBe(true);

    const nextHmac = `whsec_${randomBytes(32).toString('base64')}`;
    expect((await hookline.api.post(`${secretUrl}/rotate`, { key: nextHmac })).status).toBe(204);
    expect((await hookline.api.get(secretUrl)).body.key).toBe(nextHmac);
    const back = await deliver(app.id);
    expect(signatureVersions(back)).toEqual(['v1', 'v1a', 'v1']);
    expect(new Webhook(nextHmac).verify(back.body, webhookHeaders(back))).toEqual(JSON.parse(back.body));
    expect(verifiesWithPublicKey(back, publicKey)).toBe(true);

    expect((await hookline.api.post(`${secretUrl}/rotate`, { keyType: 'ed25519' })).status).toBe(204);
    const generated = (await hookline.api.get(secretUrl)).body.key;
    expect(generated).toMatch(/^whpk_/);
    expect(verifiesWithPublicKey(await deliver(app.id), generated)).toBe(true);
  });

  it('answers 422 to an invalid whsk_ key or a key of the wrong type, and changes nothing', async () => {
    const app = (await hookline.api.post('/app', applicationIn())).body;
    const { secret } = ed25519KeyPair();
    const seed = Buffer.from(secret.slice(5), 'base64');
    const foreignHalf = Buffer.from(ed25519KeyPair().publicKey.slice(5), 'base64');
    const invalid = [
      `whsk_${randomBytes(24).toString('base64')}`,
      'whsk_not-a-key',
      `whsk_${Buffer.concat([seed, foreignHalf]).toString('base64')}`,
    ];
    for (const bad of invalid) {
      const response = await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, secret: bad }));
      expect(response.status).toBe(422);
      expect(response.body.detail[0].loc).toEqual(['body', 'secret']);
    }
    const mismatch = await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url, secret, keyType: 'hmac' }));
    expect(mismatch.status).toBe(422);
    expect((await hookline.api.get(`/app/${app.id}/endpoint`)).body.data).toHaveLength(0);

    const endpoint = (await hookline.api.post(`/app/${app.id}/endpoint`, endpointIn({ url: receiver.url }))).body;
    const before = (await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body.key;
    for (const bad of invalid) {
      expect((await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, { key: bad })).status).toBe(422);
    }
    expect((await hookline.api.post(`/app/${app.id}/endpoint/${endpoint.id}/secret/rotate`, { keyType: 'rsa' })).status).toBe(422);
    expect((await hookline.api.get(`/app/${app.id}/endpoint/${endpoint.id}/secret`)).body.key).toBe(before);
  });
});
