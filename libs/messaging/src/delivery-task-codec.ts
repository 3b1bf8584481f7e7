import { MsgHdrs, headers as natsHeaders } from 'nats';
import { DeliveryTask, DeliveryTaskFields, validateFlatInput } from '@hookline/contracts';
import { decodeJson } from './json-codec';

const encoder = new TextEncoder();

/**
 * A task as the dispatcher reads it: the payload as the bytes that arrived, which are what the
 * receiver gets. Signed and sent as they are, without a detour through a string (a copy held by
 * every task waiting in memory, decoded and encoded again for each request).
 */
export type ReceivedDeliveryTask = DeliveryTaskFields & { payload: Uint8Array };

/** The header that carries a task's fields as JSON; the message body is the payload, byte for byte. */
export const DELIVERY_TASK_HEADER = 'Hookline-Task';

/**
 * A delivery task as it goes on DELIVERIES and RETRIES: the payload as the body, exactly the bytes
 * the receiver gets (one buffer shared by every endpoint's task of a message), the other fields in
 * a header. Nothing escapes the payload into a JSON string or parses it back on the way.
 */
export function encodeDeliveryTask(task: DeliveryTaskFields & { payload: Uint8Array | string }): { data: Uint8Array; headers: MsgHdrs } {
  const { payload, ...fields } = task;
  const headers = natsHeaders();
  headers.set(DELIVERY_TASK_HEADER, JSON.stringify(fields));
  return { data: typeof payload === 'string' ? encoder.encode(payload) : payload, headers };
}

/**
 * Reads a task from DELIVERIES or RETRIES; throws when it is not a valid one. Tasks written before
 * the header existed (one JSON object, the payload a string field in it) are still read: retries
 * wait on RETRIES for up to days, across upgrades.
 */
export function decodeDeliveryTask(message: { data: Uint8Array; headers?: MsgHdrs }): ReceivedDeliveryTask {
  const fields = message.headers?.get(DELIVERY_TASK_HEADER);
  if (!fields) {
    const task = validateFlatInput(DeliveryTask, decodeJson(message.data), 'task');
    return Object.assign(task, { payload: encoder.encode(task.payload) });
  }
  const task = validateFlatInput(DeliveryTaskFields, JSON.parse(fields), 'task');
  return Object.assign(task, { payload: message.data });
}
