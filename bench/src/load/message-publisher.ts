import { JetStreamClient, PubAck, headers as natsHeaders } from 'nats';
import { NatsNames, newId } from '@hookline/contracts';
import { encodeJson } from '@hookline/messaging';
import { MESSAGE_ID_HEADER } from '@hookline/registry-model';
import { TimedIds, wallClockMs } from '../measure/timing';
import { benchMessage } from './bench-payload';
import { PacedRun, atFixedRate, withConcurrency } from './schedules';

const ORG = 'org_default';
/** Unacknowledged JetStream publishes at once in a burst. */
const PUBLISH_WINDOW = 1000;

/** Ids of published messages and when each was published (or due). */
export type PublishLog = TimedIds;

/**
 * Publishes MessageIn bodies to `<root>.msg.org_default.<app>` with JetStream, as the gateway does
 * after HTTP ingest: the message id goes in the Hookline-Msg-Id header (and is the dedup id), so
 * the webhook-id a receiver sees is known here and latency can be matched per message. It skips
 * the producer client's local validation, whose cost would land on the bench, not on Hookline.
 */
export class MessagePublisher {
  private seq = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
  ) {}

  publish(appId: string, log: PublishLog, at = wallClockMs()): Promise<PubAck> {
    const id = newId('msg');
    const headers = natsHeaders();
    headers.set(MESSAGE_ID_HEADER, id);
    log.ids.push(id);
    log.at.push(at);
    return this.js.publish(this.names.message(ORG, appId), encodeJson(benchMessage(this.seq++)), { msgID: id, headers });
  }

  /** `count` messages as fast as JetStream acknowledges them, spread round-robin over `appIds`. */
  async burst(appIds: string[], count: number): Promise<PublishLog> {
    const log: PublishLog = { ids: [], at: [] };
    await withConcurrency(count, PUBLISH_WINDOW, (i) => this.publish(appIds[i % appIds.length], log));
    return log;
  }

  /** `rate` messages a second for `seconds`, spread round-robin over `appIds`; resolves once all are acknowledged. */
  async atRate(appIds: string[], rate: number, seconds: number): Promise<{ log: PublishLog; run: PacedRun }> {
    const log: PublishLog = { ids: [], at: [] };
    const run = await atFixedRate(rate, seconds, (i, dueAt) => this.publish(appIds[i % appIds.length], log, dueAt));
    return { log, run };
  }

  /** Publishes about `rate` messages a second to `appId` in the background until the returned stop is called. */
  trickle(appId: string, rate: number): { stop: () => Promise<number> } {
    const log: PublishLog = { ids: [], at: [] };
    const acks: Promise<PubAck>[] = [];
    const perTick = Math.max(1, Math.round(rate / 10));
    const timer = setInterval(() => {
      for (let i = 0; i < perTick; i++) {
        const ack = this.publish(appId, log);
        ack.catch(() => undefined); // a failure surfaces from stop(), not as an unhandled rejection
        acks.push(ack);
      }
    }, 100);
    return {
      stop: async () => {
        clearInterval(timer);
        await Promise.all(acks);
        return log.ids.length;
      },
    };
  }
}
