import { Webhook } from 'standardwebhooks';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { ed25519PublicKey, generateEd25519Secret, generateWebhookSecret, isValidEd25519Secret, signingKey, webhookVerificationKey } from './webhook-secret';
import { signWebhook } from './webhook-signer';
import { SecretBox } from './secret-box';

describe('signWebhook', () => {
  const body = JSON.stringify({ hello: 'world' });
  const timestamp = Math.floor(Date.now() / 1000);

  it('produces a signature the standardwebhooks package accepts', () => {
    const secret = generateWebhookSecret();
    const signature = signWebhook([signingKey(secret)], 'msg_1', timestamp, body);
    const verified = new Webhook(secret).verify(body, {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    expect(verified).toEqual({ hello: 'world' });
  });

  it('lists one signature per key so either secret verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const signature = signWebhook([signingKey(current), signingKey(previous)], 'msg_2', timestamp, body);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });
});

describe('ed25519 signing', () => {
  const body = JSON.stringify({ hello: 'ed25519' });
  const timestamp = Math.floor(Date.now() / 1000);

  it('signs v1a signatures that the whpk_ public key verifies', () => {
    const secret = generateEd25519Secret();
    const publicKey = webhookVerificationKey(secret);
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    const [version, signature] = signWebhook([signingKey(secret)], 'msg_3', timestamp, body).split(',');
    expect(version).toBe('v1a');
    const content = Buffer.from(`msg_3.${timestamp}.${body}`);
    expect(verify(null, content, ed25519PublicKey(publicKey), Buffer.from(signature, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from(`msg_3.${timestamp}.{}`), ed25519PublicKey(publicKey), Buffer.from(signature, 'base64'))).toBe(false);
  });

  it('accepts a 32-byte seed or a 64-byte seed and public key, and nothing else', () => {
    const secret = generateEd25519Secret();
    const raw = Buffer.from(secret.slice(5), 'base64');
    expect(raw).toHaveLength(64);
    const seedOnly = `whsk_${raw.subarray(0, 32).toString('base64')}`;
    expect(isValidEd25519Secret(seedOnly)).toBe(true);
    expect(webhookVerificationKey(seedOnly)).toBe(webhookVerificationKey(secret));
    const otherPublic = createPublicKey(signingKey(generateEd25519Secret()).key as never).export({ format: 'der', type: 'spki' }).subarray(-32);
    expect(isValidEd25519Secret(`whsk_${Buffer.concat([raw.subarray(0, 32), otherPublic]).toString('base64')}`)).toBe(false);
    expect(isValidEd25519Secret(`whsk_${randomBytes(24).toString('base64')}`)).toBe(false);
    expect(isValidEd25519Secret('whsk_not base64')).toBe(false);
  });

  it('lists an HMAC and an ed25519 signature side by side during a rotation across types', () => {
    const [hmac, ed25519] = [generateWebhookSecret(), generateEd25519Secret()];
    const signature = signWebhook([signingKey(hmac), signingKey(ed25519)], 'msg_4', timestamp, body);
    expect(signature.split(' ').map((entry) => entry.split(',')[0])).toEqual(['v1', 'v1a']);
    const headers = { 'webhook-id': 'msg_4', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect(new Webhook(hmac).verify(body, headers)).toEqual({ hello: 'ed25519' });
  });
});

describe('SecretBox', () => {
  it('round-trips and never leaves the plaintext visible', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('whsec_top-secret');
    expect(sealed).not.toContain('top-secret');
    expect(box.open(sealed)).toBe('whsec_top-secret');
  });

  it('refuses a sealed value opened with another key', () => {
    const sealed = new SecretBox(randomBytes(32)).seal('x');
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
  });
});
