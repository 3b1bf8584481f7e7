import { randomBytes } from 'node:crypto';
import { encodeBase62, newId } from './ids';

/** The straightforward BigInt encoding, to check the long division against. */
function base62WithBigInt(bytes: Buffer): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(22, '0');
}

describe('ids', () => {
  it('encodes 16 bytes in base62 as the BigInt arithmetic does', () => {
    const samples = [Buffer.alloc(16), Buffer.alloc(16, 0xff), ...Array.from({ length: 2000 }, () => randomBytes(16))];
    for (const bytes of samples) expect(encodeBase62(bytes)).toBe(base62WithBigInt(bytes));
  });

  it('makes distinct ids that sort by creation time', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => newId('atmpt', 1_700_000_000_000 + index));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^atmpt_[0-9A-Za-z]{22}$/);
  });
});
