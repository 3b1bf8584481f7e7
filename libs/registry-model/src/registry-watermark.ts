import { JsMsg, MsgHdrs, headers as natsHeaders } from 'nats';
import { NatsNames } from '@hookline/contracts';

/** Header of a registry watermark: the REGISTRY stream sequence of the change it marks. */
const REGISTRY_SEQ_HEADER = 'Hookline-Registry-Seq';

/**
 * Read your writes without a round trip per message. Before a registry change is acknowledged,
 * the registry stores a watermark with the change's REGISTRY sequence in MESSAGES. A message
 * accepted after the acknowledgement is stored after the watermark, so a consumer reading
 * MESSAGES in order that waits for its registry view to reach each watermark's sequence routes
 * every such message with the change applied.
 */
export function registryWatermarkHeaders(registrySeq: number): MsgHdrs {
  const headers = natsHeaders();
  headers.set(REGISTRY_SEQ_HEADER, String(registrySeq));
  return headers;
}

/** The REGISTRY sequence a MESSAGES entry marks, or undefined when it is not a registry watermark. */
export function registryWatermarkOf(msg: JsMsg, names: NatsNames): number | undefined {
  if (msg.subject !== names.registryWatermark()) return undefined;
  const seq = Number(msg.headers?.get(REGISTRY_SEQ_HEADER));
  // A watermark without a readable sequence marks nothing to wait for.
  return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}
