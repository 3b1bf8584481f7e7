import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, webhookSecretKey } from './webhook-secret';
import { signWebhook } from './webhook-signer';
import { SecretBox } from './secret-box';
import { randomBytes } from 'node:crypto';

describe('signWebhook', () => {
  const body = JSON.stringify({ hello: 'world' });
  const timestamp = Math.floor(Date.now() / 1000);

  it('produces a signature the standardwebhooks package accepts', () => {
    const secret = generateWebhookSecret();
    const signature = signWebhook([webhookSecretKey(secret)], 'msg_1', timestamp, body);
    const verified = new Webhook(secret).verify(body, {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
    });
    expect(verified).toEqual({ hello: 'world' });
  });

  it('lists one signature per key so either secret verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const signature = signWebhook([webhookSecretKey(current), webhookSecretKey(previous)], 'msg_2', timestamp, body);
    expect(signature.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
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
