import { createHash, randomBytes } from 'node:crypto';
import { UID_MAX_LENGTH, UID_PATTERN } from './patterns';

/** Prefixes of every id Hookline hands out, as Svix spells them. */
export type IdPrefix = 'org' | 'app' | 'ep' | 'msg' | 'atmpt' | 'evtype' | 'key' | 'qtask';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ENCODED_LENGTH = 22; // ceil(128 bits / log2(62))

/**
 * Fixed-width base62 of 16 big-endian bytes, by long division over four 32-bit limbs (each step
 * stays below 2^53, exact in a double): a third of the cost of BigInt, and ids are made per attempt.
 */
export function encodeBase62(bytes: Buffer): string {
  const limbs = [bytes.readUInt32BE(0), bytes.readUInt32BE(4), bytes.readUInt32BE(8), bytes.readUInt32BE(12)];
  let out = '';
  for (let position = 0; position < ENCODED_LENGTH; position++) {
    let remainder = 0;
    for (let index = 0; index < limbs.length; index++) {
      const value = remainder * 2 ** 32 + limbs[index];
      limbs[index] = Math.floor(value / 62);
      remainder = value - limbs[index] * 62;
    }
    out = ALPHABET[remainder] + out;
  }
  return out;
}

const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

/** Random bytes from a pool refilled in 4 KB draws: one draw per id cost more than the rest of newId. */
function pooledRandomBytes(size: number): Buffer {
  if (randomOffset + size > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomOffset = 0;
  }
  randomOffset += size;
  return randomPool.subarray(randomOffset - size, randomOffset);
}

/**
 * A 16-byte id: 48 bits of milliseconds then 80 bits of entropy, in fixed-width base62, so ids
 * sort by creation time as strings (the order list iterators rely on).
 */
export function newId(prefix: IdPrefix, atMs: number = Date.now(), entropy: Buffer = pooledRandomBytes(10)): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(atMs, 0, 6);
  entropy.copy(bytes, 6, 0, 10);
  return `${prefix}_${encodeBase62(bytes)}`;
}

/** True when `ref` has the shape of an id Hookline hands out (which no client can choose). */
export function isIdOf(prefix: IdPrefix, ref: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-Za-z]{${ENCODED_LENGTH}}$`).test(ref);
}

/** A path reference that a PUT may create something under: a valid uid that is not shaped like one of our ids. */
export function isChoosableUid(prefix: IdPrefix, ref: string): boolean {
  return ref.length <= UID_MAX_LENGTH && UID_PATTERN.test(ref) && !isIdOf(prefix, ref);
}

/**
 * The id of a message that arrived without one (a producer's direct NATS publish): derived from
 * its JetStream timestamp and stream sequence, so every consumer computes the same id.
 */
export function messageIdFromStream(timestampMs: number, streamSeq: number): string {
  const entropy = Buffer.alloc(10);
  entropy.writeBigUInt64BE(BigInt(streamSeq), 2);
  return newId('msg', timestampMs, entropy);
}

/** SHA-256 (hex) of an API token, the form in which tokens are stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hasPrefix(value: string, prefix: IdPrefix): boolean {
  return value.startsWith(`${prefix}_`);
}
