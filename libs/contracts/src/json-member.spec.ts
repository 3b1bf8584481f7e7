import { jsonMemberBytes, withRawJsonMember } from './json-member';

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : Buffer.from(bytes).toString());
const member = (json: string, key: string) => text(jsonMemberBytes(Buffer.from(json), key));

/** A random JSON value written with random whitespace, escapes and number formats. */
function randomJson(depth: number, random: () => number): string {
  const space = () => [' ', '', '\n', '\t', '  ', '\r\n'][Math.floor(random() * 6)];
  const pick = Math.floor(random() * (depth > 3 ? 4 : 6));
  switch (pick) {
    case 0:
      return ['0', '-1.50', '1e3', '12345678901234567890', '3.0E-2', '-0'][Math.floor(random() * 6)];
    case 1:
      return ['"a"', '"quote \\" inside"', '"brace } [ , :"', '"\\u00e9\\n"', '"ü 🎉"', '"\\\\"'][Math.floor(random() * 6)];
    case 2:
      return ['true', 'false', 'null'][Math.floor(random() * 3)];
    case 3:
      return '""';
    case 4:
      return `[${space()}${Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth + 1, random)).join(`${space()},${space()}`)}${space()}]`;
    default:
      return `{${randomMembers(depth + 1, random).join(',')}}`;
  }
}

/** Object members under keys that include `payload` spelled plainly and escaped, with random whitespace. */
function randomMembers(depth: number, random: () => number): string[] {
  const keys = ['payload', 'a', 'pay\\u006coad', 'b\\"}', 'x'];
  const space = () => [' ', '', '\n', '\t'][Math.floor(random() * 4)];
  return Array.from({ length: Math.floor(random() * 5) }, () => `${space()}"${keys[Math.floor(random() * keys.length)]}"${space()}:${space()}${randomJson(depth, random)}${space()}`);
}

/** A small deterministic generator, so a failure can be reproduced. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('jsonMemberBytes', () => {
  it('returns the value exactly as written', () => {
    expect(member('{"eventType":"a","payload":{"n": 1.0, "big": 12345678901234567890}}', 'payload')).toBe('{"n": 1.0, "big": 12345678901234567890}');
    expect(member('\ufeff { "payload" : [ 1 , "}" ] , "x": 2 }', 'payload')).toBe('[ 1 , "}" ]');
    expect(member('{"a":"payload","payload":"\\"x\\"","b":1}', 'payload')).toBe('"\\"x\\""');
    expect(member('{"payload":-1.5e+3}', 'payload')).toBe('-1.5e+3');
    expect(member('{"payload":null}', 'payload')).toBe('null');
  });

  it('takes the last of duplicate keys and reads escaped keys, as JSON.parse does', () => {
    expect(member('{"payload":{"first":1},"payload":{"last":2}}', 'payload')).toBe('{"last":2}');
    expect(member('{"pay\\u006coad":{"escaped":true}}', 'payload')).toBe('{"escaped":true}');
  });

  it('finds nothing where there is no such top-level member', () => {
    expect(member('{"data":{"payload":1}}', 'payload')).toBeUndefined();
    expect(member('{}', 'payload')).toBeUndefined();
    expect(member('[{"payload":1}]', 'payload')).toBeUndefined();
  });

  it('puts a member back in as written', () => {
    expect(withRawJsonMember({ eventType: 'a', eventId: null }, 'payload', '{ "n": 1.0 }')).toBe('{"eventType":"a","eventId":null,"payload":{ "n": 1.0 }}');
    expect(withRawJsonMember({}, 'payload', '[]')).toBe('{"payload":[]}');
    const text = withRawJsonMember({ id: 'x' }, 'payload', '{"big": 12345678901234567890}');
    expect(member(text, 'payload')).toBe('{"big": 12345678901234567890}');
  });

  it('agrees with JSON.parse on 5,000 random objects', () => {
    const random = seeded(42);
    for (let round = 0; round < 5000; round++) {
      const members = [...randomMembers(1, random), `"payload":${randomJson(0, random)}`, ...randomMembers(1, random)];
      const json = `{${members.join(',')}}`;
      const expected = JSON.parse(json).payload;
      const found = member(json, 'payload');
      expect(found === undefined ? undefined : JSON.parse(found)).toEqual(expected);
    }
  });
});
