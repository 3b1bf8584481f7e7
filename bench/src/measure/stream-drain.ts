import { JetStreamManager } from 'nats';

const POLL_MS = 500;

/**
 * Waits until every consumer of `stream` has taken and acknowledged everything in it, whatever the
 * consumers are called; false if that did not happen within `timeoutMs`.
 */
export async function streamDrained(jsm: JetStreamManager, stream: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A consumer deleted while the server builds the list shows up as null.
    const consumers = (await jsm.consumers.list(stream).next()).filter((consumer) => consumer !== null);
    if (consumers.every((consumer) => consumer.num_pending === 0 && consumer.num_ack_pending === 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
