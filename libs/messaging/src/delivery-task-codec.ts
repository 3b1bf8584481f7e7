import { MsgHdrs, headers as natsHeaders } from 'nats';
import { DeliveryTask, DeliveryTaskFields, validateFlatInput } from '@hookline/contracts';
import { decodeJson, decodeText } from './json-codec';

const encoder = new TextEncoder();

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
export function decodeDeliveryTask(message: { data: Uint8Array; headers?: MsgHdrs }): DeliveryTask {
  const fields = message.headers?.get(DELIVERY_TASK_HEADER);
  if (!fields) return validateFlatInput(DeliveryTask, decodeJson(message.data), 'task');
  const task = validateFlatInput(DeliveryTaskFields, JSON.parse(fields), 'task');
  return Object.assign(task, { payload: decodeText(message.data) });
}
