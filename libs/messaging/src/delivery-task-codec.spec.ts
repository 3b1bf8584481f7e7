import { headers as natsHeaders } from 'nats';
import { AttemptTrigger, DeliveryTask } from '@hookline/contracts';
import { DELIVERY_TASK_HEADER, decodeDeliveryTask, encodeDeliveryTask } from './delivery-task-codec';
import { encodeJson } from './json-codec';

const task: DeliveryTask = {
  msgId: 'msg_2Y0lR3cJ0YgJ6JmWJ4kB6nQ0aZ',
  orgId: 'org_default',
  appId: 'app_2Y0lR3cJ0YgJ6JmWJ4kB6nQ0aZ',
  endpointId: 'ep_2Y0lR3cJ0YgJ6JmWJ4kB6nQ0aZ',
  eventType: 'invoice.paid',
  eventId: null,
  payload: '{ "big": 12345678901234567890, "text": "caf\\u00e9 ü" }',
  acceptedAt: 1_764_000_000_000,
  trigger: AttemptTrigger.Scheduled,
  attempt: 2,
};

describe('delivery task codec', () => {
  it('carries the payload as the body, byte for byte, and the other fields in a header', () => {
    const payload = Buffer.from(task.payload);
    const { data, headers } = encodeDeliveryTask({ ...task, payload });
    expect(data).toBe(payload);
    expect(JSON.parse(headers.get(DELIVERY_TASK_HEADER))).not.toHaveProperty('payload');
    const decoded = decodeDeliveryTask({ data, headers });
    expect(decoded.payload).toBe(data);
    expect({ ...decoded, payload: Buffer.from(decoded.payload).toString() }).toEqual(task);
  });

  it('encodes a payload given as text to the same bytes', () => {
    expect(Buffer.from(encodeDeliveryTask(task).data).toString()).toBe(task.payload);
  });

  it('still reads a task written as one JSON object (before the header existed)', () => {
    const decoded = decodeDeliveryTask({ data: encodeJson(task) });
    expect({ ...decoded, payload: Buffer.from(decoded.payload).toString() }).toEqual(task);
  });

  it('refuses a header that is not a valid task', () => {
    const headers = natsHeaders();
    const { attempt: _attempt, payload: _payload, ...incomplete } = task;
    headers.set(DELIVERY_TASK_HEADER, JSON.stringify(incomplete));
    expect(() => decodeDeliveryTask({ data: Buffer.from('{}'), headers })).toThrow(/attempt/);
    headers.set(DELIVERY_TASK_HEADER, '{not json');
    expect(() => decodeDeliveryTask({ data: Buffer.from('{}'), headers })).toThrow(SyntaxError);
  });
});
