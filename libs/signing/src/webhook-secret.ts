import { randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes (as Svix). */
export function generateWebhookSecret(byteLength = 24): string {
  return SECRET_PREFIX + randomBytes(byteLength).toString('base64');
}

/** Accepts a secret with or without the `whsec_` prefix and returns it with the prefix. */
export function normalizeWebhookSecret(secret: string): string {
  return secret.startsWith(SECRET_PREFIX) ? secret : SECRET_PREFIX + secret;
}

/** The HMAC key bytes of a `whsec_` secret. */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}
