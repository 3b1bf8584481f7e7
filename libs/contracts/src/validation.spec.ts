import { EndpointIn } from './endpoint.dto';
import { HooklineError } from './errors';
import { MessageIn } from './message.dto';
import { validateFlatInput, validateInput } from './validation';

describe('validateFlatInput', () => {
  const samples: unknown[] = [
    { eventType: 'user.created', payload: { nested: { deep: [1, 'two'] } }, eventId: 'e-1', channels: ['a'] },
    { eventType: 'user.created', payload: { a: 1 }, unknown: 'dropped' },
    { eventType: 'bad type!', payload: {} },
    { eventType: 'user.created', payload: 'not an object' },
    { eventType: 'user.created', payload: { note: 'a\u0000b' } },
    { eventType: 'user.created', payload: {}, channels: [] },
    ['not', 'an', 'object'],
    null,
  ];

  const outcome = (validate: () => object) => {
    try {
      return { value: { ...validate() } };
    } catch (error) {
      return { error: (error as HooklineError).detail };
    }
  };

  it.each(samples.map((sample) => [JSON.stringify(sample), sample]))('answers as validateInput does for %s', (_name, sample) => {
    expect(outcome(() => validateFlatInput(MessageIn, sample))).toEqual(outcome(() => validateInput(MessageIn, sample)));
  });

  it('drops unknown fields and cannot be given a prototype', () => {
    const input = validateFlatInput(MessageIn, JSON.parse('{"eventType":"a","payload":{},"extra":1,"__proto__":{"polluted":true}}'));
    expect(input).toBeInstanceOf(MessageIn);
    expect(input).not.toHaveProperty('extra');
    expect((input as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses classes with nested fields, which need class-transformer', () => {
    expect(() => validateFlatInput(EndpointIn, { url: 'https://example.com/' })).toThrow(/nested/);
  });
});
