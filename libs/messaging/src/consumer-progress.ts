import { ConsumerInfo, JetStreamManager } from 'nats';

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;

/**
 * The stream sequence up to which a consumer has acked everything: its ack floor, or Infinity when
 * it is idle with nothing pending (the ack floor may then stop short of the stream's last sequence,
 * when the newest messages were deleted or fall outside the consumer's filter).
 */
export function ackedThrough(consumer: ConsumerInfo): number {
  return consumer.num_pending === 0 && consumer.num_ack_pending === 0 ? Infinity : consumer.ack_floor.stream_seq;
}

/**
 * Waits until a durable consumer has acknowledged everything its stream held when the call began,
 * so a read model fed by that consumer can answer "read your writes": whatever an earlier call
 * published is then in the model. Resolves false after `timeoutMs`, or when JetStream cannot say
 * (the consumer is stuck, not created yet, or the server is unreachable); the caller then answers
 * with what the model has.
 */
export async function consumerCaughtUp(jsm: JetStreamManager, stream: string, durable: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  try {
    const target = (await jsm.streams.info(stream)).state.last_seq;
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      if (ackedThrough(await jsm.consumers.info(stream, durable)) >= target) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } catch {
    return false;
  }
}
