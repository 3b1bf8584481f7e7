import { MsgHdrs, NatsConnection, PubAck, Subscription, createInbox, headers as natsHeaders } from 'nats';
import { decodeText } from './json-codec';

export interface PublisherOptions {
  /** How long a publish waits for the server's ack. */
  ackTimeoutMs?: number;
  /** Called just before each publish is written (to let held acks share its write). */
  beforePublish?: () => void;
}

export interface PublishOptions {
  /** JetStream de-duplication id (`Nats-Msg-Id`). */
  msgID?: string;
  headers?: MsgHdrs;
}

interface PendingPublish {
  subject: string;
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
  deadline: number;
}

/** As the nats client's JetStream publish: how long a publish waits for the server's ack. */
const DEFAULT_ACK_TIMEOUT_MS = 5_000;

/**
 * JetStream publishes without a request per message. The nats client's `js.publish` makes each
 * publish a request with its own timer, error object and reply bookkeeping, about 30 µs of CPU
 * each on the bench machine (three times the publish itself). Here every publish carries a reply
 * subject under one inbox subscription, the server's acks settle them by number, and one timer
 * sweeps those that wait too long. Semantics are the same: resolved with the PubAck once the
 * stream stored the message, rejected on a JetStream error, a subject no stream takes, or timeout.
 */
export class JetStreamPublisher {
  private readonly inbox = createInbox();
  private readonly pending = new Map<number, PendingPublish>();
  private readonly acks: Subscription;
  private readonly sweeper: NodeJS.Timeout;
  private nextId = 0;
  private closed = false;
  private readonly ackTimeoutMs: number;
  private readonly beforePublish: () => void;

  constructor(
    private readonly nc: NatsConnection,
    options: PublisherOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.beforePublish = options.beforePublish ?? (() => undefined);
    this.acks = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => !error && this.settle(msg.subject, msg.data, msg.headers) });
    this.sweeper = setInterval(() => this.expire(), Math.min(1_000, this.ackTimeoutMs / 2)).unref();
  }

  publish(subject: string, data: Uint8Array, options: PublishOptions = {}): Promise<PubAck> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error(`JetStream publish to ${subject} refused: the publisher is closed`));
      const id = ++this.nextId;
      this.pending.set(id, { subject, resolve, reject, deadline: Date.now() + this.ackTimeoutMs });
      const headers = options.headers ?? (options.msgID ? natsHeaders() : undefined);
      if (options.msgID) headers!.set('Nats-Msg-Id', options.msgID);
      try {
        this.beforePublish();
        this.nc.publish(subject, data, { reply: `${this.inbox}.${id}`, headers });
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  /** Resolves once no publish waits for its ack, or after `timeoutMs` (shutdown: let acks in flight arrive). */
  async settled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Rejects what is still waiting and any later publish; later acks are ignored. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweeper);
    this.acks.unsubscribe();
    for (const publish of this.pending.values()) publish.reject(new Error('JetStream publisher closed'));
    this.pending.clear();
  }

  private settle(replySubject: string, data: Uint8Array, headers: MsgHdrs | undefined): void {
    const id = Number(replySubject.slice(this.inbox.length + 1));
    const publish = this.pending.get(id);
    if (!publish) return;
    this.pending.delete(id);
    // An empty reply with a status is the server's own answer: 503 when no stream takes the subject.
    if (headers?.hasError || data.length === 0) {
      publish.reject(new Error(`JetStream publish to ${publish.subject} failed: ${headers?.code ?? ''} ${headers?.description ?? 'empty reply'}`));
      return;
    }
    // This runs in the connection's subscription callback, where a throw would stop its reader.
    let ack: PubAck & { error?: { code: number; description: string } };
    try {
      ack = JSON.parse(decodeText(data));
    } catch {
      publish.reject(new Error(`JetStream publish to ${publish.subject}: unreadable ack`));
      return;
    }
    if (ack.error) publish.reject(new Error(`JetStream publish to ${publish.subject} failed: ${ack.error.description} (${ack.error.code})`));
    else if (!ack.stream) publish.reject(new Error(`JetStream publish to ${publish.subject}: ack names no stream`));
    else publish.resolve({ stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate === true, domain: ack.domain });
  }

  private expire(): void {
    const now = Date.now();
    // The map is in publish order, so in deadline order: stop at the first still in time.
    for (const [id, publish] of this.pending) {
      if (publish.deadline > now) break;
      this.pending.delete(id);
      publish.reject(new Error(`JetStream publish to ${publish.subject} timed out after ${this.ackTimeoutMs} ms`));
    }
  }
}
