import { MsgHdrs, PubAck, headers as natsHeaders } from 'nats';
import { NatsNames, newId } from '@hookline/contracts';
import { JetStreamPublisher, encodeJson } from '@hookline/messaging';
import { MESSAGE_ID_HEADER } from '@hookline/registry-model';
import { TimedIds, machineClockMs } from '../measure/timing';
import { benchMessage } from './bench-payload';
import { PacedRun, atFixedRate, withConcurrency } from './schedules';

const ORG = 'org_default';
/** Unacknowledged JetStream publishes at once in a burst. */
const PUBLISH_WINDOW = 1000;

/** Ids of published messages and when each was published (or due). */
export type PublishLog = TimedIds;

/** A message ready to publish, built before the clock starts so the bench spends little CPU while measuring. */
interface PreparedMessage {
  id: string;
  subject: string;
  body: Uint8Array;
  headers: MsgHdrs;
}

/**
 * Publishes MessageIn bodies to `<root>.msg.org_default.<app>` with JetStream, as the gateway does
 * after HTTP ingest: the message id goes in the Hookline-Msg-Id header (and is the dedup id), so
 * the webhook-id a receiver sees is known here and latency can be matched per message. It skips
 * the producer client's local validation, and publishes pipelined as Hookline's own services do:
 * the bench shares the machine's two cores, so its CPU is taken from Hookline.
 */
export class MessagePublisher {
  private seq = 0;

  constructor(
    private readonly js: JetStreamPublisher,
    private readonly names: NatsNames,
  ) {}

  /** `count` messages as fast as JetStream acknowledges them, spread round-robin over `appIds`. */
  async burst(appIds: string[], count: number): Promise<PublishLog> {
    const messages = this.prepare(appIds, count);
    const log: PublishLog = { ids: [], at: [] };
    await withConcurrency(count, PUBLISH_WINDOW, (i) => this.send(messages[i], log, machineClockMs()));
    return log;
  }

  /** `rate` messages a second for `seconds`, spread round-robin over `appIds`; resolves once all are acknowledged. */
  async atRate(appIds: string[], rate: number, seconds: number): Promise<{ log: PublishLog; run: PacedRun }> {
    const messages = this.prepare(appIds, Math.round(rate * seconds));
    const log: PublishLog = { ids: [], at: [] };
    const run = await atFixedRate(rate, seconds, (i, dueAt) => this.send(messages[i], log, dueAt));
    return { log, run };
  }

  /** Publishes about `rate` messages a second to `appId` in the background until the returned stop is called. */
  trickle(appId: string, rate: number): { stop: () => Promise<number> } {
    const log: PublishLog = { ids: [], at: [] };
    const acks: Promise<PubAck>[] = [];
    const perTick = Math.max(1, Math.round(rate / 10));
    const timer = setInterval(() => {
      for (const message of this.prepare([appId], perTick)) {
        const ack = this.send(message, log, machineClockMs());
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

  private prepare(appIds: string[], count: number): PreparedMessage[] {
    return Array.from({ length: count }, (_, i) => {
      const id = newId('msg');
      const headers = natsHeaders();
      headers.set(MESSAGE_ID_HEADER, id);
      return { id, subject: this.names.message(ORG, appIds[i % appIds.length]), body: encodeJson(benchMessage(this.seq++)), headers };
    });
  }

  private send(message: PreparedMessage, log: PublishLog, at: number): Promise<PubAck> {
    log.ids.push(message.id);
    log.at.push(at);
    return this.js.publish(message.subject, message.body, { msgID: message.id, headers: message.headers });
  }
}
