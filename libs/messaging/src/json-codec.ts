const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** Parses a message body; throws SyntaxError on anything that is not JSON. */
export function decodeJson(data: Uint8Array): unknown {
  return JSON.parse(decoder.decode(data));
}

export function decodeText(data: Uint8Array): string {
  return decoder.decode(data);
}
