import { validateSync } from 'class-validator';
import { AttemptRecorded } from './attempt-recorded';
import { DeliveryTask } from './delivery-task';
import { compileFlatValidator } from './flat-validator';
import { MessageIn } from './message.dto';

/** Values that probe every kind of rule: types, lengths, patterns, ranges, optionality, arrays. */
const PROBES: unknown[] = [
  undefined, null, '', 'x', 'user.created', 'bad type!', 'a'.repeat(300), 0, -1, 1, 1.5, 599, 2 ** 53, Number.NaN,
  true, false, [], ['a'], ['a', 'b!'], Array.from({ length: 11 }, (_, i) => `c${i}`), {}, { a: 1 },
];

const BASES: [string, new () => object, Record<string, unknown>][] = [
  ['MessageIn', MessageIn, { eventType: 'user.created', payload: { a: 1 }, eventId: 'e-1', channels: ['a'], payloadRetentionPeriod: 30 }],
  [
    'DeliveryTask',
    DeliveryTask,
    { msgId: 'msg_1', orgId: 'org_1', appId: 'app_1', endpointId: 'ep_1', eventType: 'a', eventId: null, payload: '{}', acceptedAt: 1, trigger: 0, attempt: 1 },
  ],
  [
    'AttemptRecorded',
    AttemptRecorded,
    {
      id: 'atmpt_1', orgId: 'org_1', appId: 'app_1', msgId: 'msg_1', endpointId: 'ep_1', url: 'https://example.com/', responseStatusCode: 204,
      response: '', responseDurationMs: 3, status: 0, triggerType: 0, attemptNumber: 1, final: true, timestamp: 1,
    },
  ],
];

describe('compileFlatValidator', () => {
  it.each(BASES)('agrees with class-validator on every field of %s set to every probe', (_name, cls, base) => {
    const validator = compileFlatValidator(cls)!;
    expect(validator).toBeDefined();
    const instanceOf = (plain: Record<string, unknown>) => Object.assign(Object.create(cls.prototype), plain);
    let refused = 0;
    for (const field of [...Object.keys(base), 'unknownField']) {
      for (const probe of PROBES) {
        const plain = { ...base, [field]: probe };
        const expected = validateSync(instanceOf(plain), { whitelist: true, forbidUnknownValues: true }).length === 0;
        expect({ field, probe, valid: validator(instanceOf(plain)) }).toEqual({ field, probe, valid: expected });
        if (!expected) refused++;
      }
    }
    // The probes must exercise refusals, not only the happy path.
    expect(refused).toBeGreaterThan(Object.keys(base).length * 5);
  });

  it('strips fields without rules, as whitelist does', () => {
    const instance = Object.assign(Object.create(MessageIn.prototype), { eventType: 'a', payload: {}, extra: 1 });
    expect(compileFlatValidator(MessageIn)!(instance)).toBe(true);
    expect(instance).not.toHaveProperty('extra');
  });
});
