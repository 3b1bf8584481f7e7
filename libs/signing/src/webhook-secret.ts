import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';

const HMAC_PREFIX = 'whsec_';
const ED25519_SECRET_PREFIX = 'whsk_';
const ED25519_PUBLIC_PREFIX = 'whpk_';
/** DER header of a PKCS#8 ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_HEADER = Buffer.from('302e020100300506032b657004220420', 'hex');

export type WebhookKeyType = 'hmac' | 'ed25519';

/** A key ready to sign with: HMAC-SHA256 bytes (`v1`) or an ed25519 private key (`v1a`). */
export type SigningKey = { type: 'hmac'; key: Buffer } | { type: 'ed25519'; key: KeyObject };

/** A new Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes (as Svix). */
export function generateWebhookSecret(byteLength = 24): string {
  return HMAC_PREFIX + randomBytes(byteLength).toString('base64');
}

/** A new ed25519 secret key: `whsk_` + base64 of the 32-byte seed followed by the 32-byte public key. */
export function generateEd25519Secret(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return ED25519_SECRET_PREFIX + Buffer.concat([seedOf(privateKey), rawPublicKey(publicKey)]).toString('base64');
}

/** A new secret of the given type. */
export function generateSecret(type: WebhookKeyType): string {
  return type === 'ed25519' ? generateEd25519Secret() : generateWebhookSecret();
}

export function webhookKeyType(secret: string): WebhookKeyType {
  return secret.startsWith(ED25519_SECRET_PREFIX) ? 'ed25519' : 'hmac';
}

/** Accepts an HMAC secret with or without the `whsec_` prefix and returns it with the prefix; `whsk_` keys are kept as they are. */
export function normalizeWebhookSecret(secret: string): string {
  return secret.startsWith(HMAC_PREFIX) || secret.startsWith(ED25519_SECRET_PREFIX) ? secret : HMAC_PREFIX + secret;
}

/** The HMAC key bytes of a `whsec_` secret. */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(HMAC_PREFIX) ? secret.slice(HMAC_PREFIX.length) : secret, 'base64');
}

/**
 * The ed25519 private key of a `whsk_` secret: base64 of the 32-byte seed, or of seed and public
 * key (64 bytes, libsodium's layout, whose public half must match the seed). Throws when invalid.
 */
export function ed25519PrivateKey(secret: string): KeyObject {
  if (!secret.startsWith(ED25519_SECRET_PREFIX)) throw new Error('an ed25519 secret key starts with whsk_');
  const encoded = secret.slice(ED25519_SECRET_PREFIX.length);
  const raw = Buffer.from(encoded, 'base64');
  if (raw.toString('base64') !== encoded || (raw.length !== 32 && raw.length !== 64)) {
    throw new Error('an ed25519 secret key is base64 of a 32-byte seed or of 64 bytes (seed and public key)');
  }
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_HEADER, raw.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
  if (raw.length === 64 && !rawPublicKey(createPublicKey(key)).equals(raw.subarray(32))) {
    throw new Error('the public half of this ed25519 secret key does not belong to its seed');
  }
  return key;
}

/** True when `secret` is a well-formed `whsk_` ed25519 secret key. */
export function isValidEd25519Secret(secret: string): boolean {
  try {
    ed25519PrivateKey(secret);
    return true;
  } catch {
    return false;
  }
}

/** What a receiver verifies with: the `whsec_` secret itself, or the `whpk_` public key of a `whsk_` secret. */
export function webhookVerificationKey(secret: string): string {
  if (webhookKeyType(secret) === 'hmac') return secret;
  return ED25519_PUBLIC_PREFIX + rawPublicKey(createPublicKey(ed25519PrivateKey(secret))).toString('base64');
}

/** The signing key of a `whsec_` or `whsk_` secret. */
export function signingKey(secret: string): SigningKey {
  return webhookKeyType(secret) === 'ed25519' ? { type: 'ed25519', key: ed25519PrivateKey(secret) } : { type: 'hmac', key: webhookSecretKey(secret) };
}

/** A Node public key object from a `whpk_` public key (for receivers and tests). */
export function ed25519PublicKey(publicKey: string): KeyObject {
  if (!publicKey.startsWith(ED25519_PUBLIC_PREFIX)) throw new Error('an ed25519 public key starts with whpk_');
  const x = Buffer.from(publicKey.slice(ED25519_PUBLIC_PREFIX.length), 'base64').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function seedOf(privateKey: KeyObject): Buffer {
  return Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}
