import { Agent } from 'undici';
import { newId } from '@hookline/contracts';
import { generateWebhookSecret, signWebhook, signingKey } from '@hookline/signing';
import { TimedIds, machineClockMs } from '../measure/timing';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../../apps/dispatcher/src/config/dispatcher.config';
import { postOnce } from '../../../apps/dispatcher/src/delivery/http-post';
import { DELIVERY_AGENT_OPTIONS, MAX_CAPTURED_BODY } from '../../../apps/dispatcher/src/delivery/webhook-sender';
import { benchMessage } from './bench-payload';

/**
 * The raw limit: signed webhook POSTs straight from this process to a receiver, no Hookline in
 * between. Each body is built and HMAC-signed fresh, with the headers Hookline sends, over an
 * undici agent configured as the dispatcher's and the dispatcher's own POST, so the only difference
 * is Hookline itself.
 */
export class RawSender {
  private readonly agent = new Agent(DELIVERY_AGENT_OPTIONS);
  private readonly key = signingKey(generateWebhookSecret());
  private readonly url: URL;
  private seq = 0;

  constructor(url: string) {
    this.url = new URL(url);
  }

  /** POSTs one signed delivery and waits for the answer; records its id and send time in `log`. */
  async post(log: TimedIds, at = machineClockMs()): Promise<void> {
    const id = newId('msg');
    log.ids.push(id);
    log.at.push(at);
    const body = JSON.stringify(benchMessage(this.seq++).payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signWebhook([this.key], id, Number(timestamp), body);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Hookline/bench',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': signature,
      'svix-id': id,
      'svix-timestamp': timestamp,
      'svix-signature': signature,
    };
    const response = await postOnce(this.agent, this.url, headers, body, DEFAULT_REQUEST_TIMEOUT_MS, MAX_CAPTURED_BODY);
    if (response.statusCode !== 204) throw new Error(`receiver answered ${response.statusCode}`);
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
