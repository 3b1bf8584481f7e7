import { createHmac } from 'node:crypto';

/**
 * Signs a delivery as Standard Webhooks specifies: base64 HMAC-SHA256 over `<id>.<timestamp>.<body>`,
 * one `v1,<sig>` per active key, space-separated (receivers accept any one of them).
 */
export function signWebhook(keys: Buffer[], msgId: string, timestampSeconds: number, body: string): string {
  const content = `${msgId}.${timestampSeconds}.${body}`;
  return keys.map((key) => `v1,${createHmac('sha256', key).update(content).digest('base64')}`).join(' ');
}
