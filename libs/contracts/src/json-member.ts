const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The bytes of a top-level member's value in UTF-8 JSON object text, exactly as written (a
 * subarray, not a copy), or undefined when the object has no such member. For text that
 * `JSON.parse` accepted: the scan does not validate. Like `JSON.parse`, the last of duplicate
 * keys wins and escaped keys count by what they spell. Delivering these bytes, rather than the
 * parsed value serialised again, keeps what `JSON.parse` would change: integers beyond 2^53,
 * number formats such as `1.0`, escapes and whitespace.
 */
export function jsonMemberBytes(json: Uint8Array, key: string): Uint8Array | undefined {
  let i = skipWhitespace(json, startsWithBom(json) ? UTF8_BOM.length : 0);
  if (json[i] !== OPEN_OBJECT) return undefined;
  const wanted = Buffer.from(key);
  let found: Uint8Array | undefined;
  i = skipWhitespace(json, i + 1);
  while (i < json.length && json[i] !== CLOSE_OBJECT) {
    const keyStart = i;
    const keyEnd = skipString(json, i);
    i = skipWhitespace(json, keyEnd);
    if (json[i] !== COLON) return undefined;
    const valueStart = skipWhitespace(json, i + 1);
    const valueEnd = skipValue(json, valueStart);
    if (keyEquals(json, keyStart, keyEnd, wanted, key)) found = json.subarray(valueStart, valueEnd);
    i = skipWhitespace(json, valueEnd);
    if (json[i] === COMMA) i = skipWhitespace(json, i + 1);
  }
  return found;
}

/**
 * JSON text of `fields` with one more member whose value is already JSON text, put in as it is
 * (the way back from jsonMemberBytes). `fields` must not hold `key` itself.
 */
export function withRawJsonMember(fields: object, key: string, valueJson: string): string {
  const head = JSON.stringify(fields);
  return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(key)}:${valueJson}}`;
}

function startsWithBom(json: Uint8Array): boolean {
  return json[0] === UTF8_BOM[0] && json[1] === UTF8_BOM[1] && json[2] === UTF8_BOM[2];
}

function skipWhitespace(json: Uint8Array, i: number): number {
  // JSON whitespace: space, tab, line feed, carriage return.
  while (i < json.length && (json[i] === 0x20 || json[i] === 0x09 || json[i] === 0x0a || json[i] === 0x0d)) i++;
  return i;
}

/** `i` is at an opening quote; returns the index after the closing one. */
function skipString(json: Uint8Array, i: number): number {
  for (i++; i < json.length; i++) {
    if (json[i] === BACKSLASH) i++;
    else if (json[i] === QUOTE) return i + 1;
  }
  return i;
}

/** Returns the index after the value that starts at `i`. */
function skipValue(json: Uint8Array, i: number): number {
  if (json[i] === QUOTE) return skipString(json, i);
  if (json[i] !== OPEN_OBJECT && json[i] !== OPEN_ARRAY) {
    // A number or a literal: it ends where the enclosing object goes on.
    while (i < json.length && json[i] !== COMMA && json[i] !== CLOSE_OBJECT && json[i] > 0x20) i++;
    return i;
  }
  let depth = 0;
  while (i < json.length) {
    const byte = json[i];
    if (byte === QUOTE) {
      i = skipString(json, i);
      continue;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && --depth === 0) return i + 1;
    i++;
  }
  return i;
}

/** Whether the quoted key at [start, end) spells `key`; escaped keys are decoded to compare. */
function keyEquals(json: Uint8Array, start: number, end: number, wanted: Uint8Array, key: string): boolean {
  const inner = json.subarray(start + 1, end - 1);
  if (inner.includes(BACKSLASH)) return JSON.parse(Buffer.from(json.buffer, json.byteOffset + start, end - start).toString()) === key;
  return inner.length === wanted.length && Buffer.compare(inner, wanted) === 0;
}
