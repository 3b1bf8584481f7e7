import { createHmac, sign } from 'node:crypto';
import { SigningKey } from './webhook-secret';

/**
 * Signs a delivery as Standard Webhooks specifies, over `<id>.<timestamp>.<body>`: `v1,<base64
 * HMAC-SHA256>` for an HMAC key, `v1a,<base64 ed25519 signature>` for an ed25519 key; one signature
 * per active key, space-separated (receivers accept any one they can verify).
 */
export function signWebhook(keys: SigningKey[], msgId: string, timestampSeconds: number, body: string | Uint8Array): string {
  const content = typeof body === 'string' ? Buffer.from(`${msgId}.${timestampSeconds}.${body}`) : Buffer.concat([Buffer.from(`${msgId}.${timestampSeconds}.`), body]);
  return keys
    .map((signing) =>
      signing.type === 'hmac'
        ? `v1,${createHmac('sha256', signing.key).update(content).digest('base64')}`
        : `v1a,${sign(null, content, signing.key).toString('base64')}`,
    )
    .join(' ');
}
