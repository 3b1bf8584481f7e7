import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { HooklineError, ListParams, ListResponse, MessageFilters, MessageOut, RejectedMessageOut, StreamKind, storableText } from '@hookline/contracts';
import { KeysetPage, MessageEntity, RejectedMessageEntity } from '@hookline/database';
import { DuplicateWindowCoverage, NatsClients, consumerCaughtUp, decodeText } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { IncomingMessage, RegistryFollower, UNKNOWN_APP, readIncomingMessage, registryWatermarkOf } from '@hookline/registry-model';
import { AppResolver } from '../app-resolver';
import { IdempotencyKeysRepository } from '../idempotency/idempotency-keys.repository';
import { KeyedCreateResponse, keyedCreateResponse } from '../idempotency/keyed-create-response';
import { MessageRow, MessagesRepository } from './messages.repository';

/** The durable consumer that feeds MESSAGES to the log (shared by attempt-log replicas). */
export const MESSAGE_LOG_CONSUMER = 'attempt-log-messages';
/** How long a query waits for the log to catch up before answering with what it has. */
const CATCH_UP_TIMEOUT_MS = 2_000;

/** Keeps every message that reached MESSAGES: accepted ones for queries, the others with the reason. */
@Injectable()
export class MessageLogService implements OnApplicationBootstrap, OnModuleDestroy {
  /** Whether the log holds every message older than MESSAGES' duplicate window (for eventIds). */
  private readonly coverage: DuplicateWindowCoverage;

  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly apps: AppResolver,
    private readonly messages: MessagesRepository,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.coverage = new DuplicateWindowCoverage(nats.jsm, nats.names.stream(StreamKind.Messages), MESSAGE_LOG_CONSUMER);
  }

  onApplicationBootstrap(): void {
    this.coverage.start();
  }

  onModuleDestroy(): void {
    this.coverage.stop();
  }

  async record(batch: JsMsg[]): Promise<void> {
    // Registry watermarks share the stream; the router reads them, the log has nothing to keep.
    const messageEntries = batch.filter((msg) => registryWatermarkOf(msg, this.nats.names) === undefined);
    const accepted: MessageRow[] = [];
    const rejected: RejectedMessageEntity[] = [];
    const keyedResponses: KeyedCreateResponse[] = [];
    // The log only needs each message's app. Its id never changes hands, so the view is brought
    // up to date (a stream round trip) only for a message naming an app the view does not know,
    // or naming it by uid, which may have moved to another app since.
    const read = (msg: JsMsg) => readIncomingMessage(msg, this.nats, this.registry.view);
    const stale = (msg: JsMsg, incoming: IncomingMessage) =>
      incoming.accepted ? this.nats.names.parseMessageSubject(msg.subject)?.appRef !== incoming.message.appId : incoming.reasonCode === UNKNOWN_APP;
    let readings = messageEntries.map(read);
    if (messageEntries.some((msg, index) => stale(msg, readings[index]))) {
      await this.registry.catchUp();
      readings = messageEntries.map(read);
    }
    for (const [index, msg] of messageEntries.entries()) {
      const incoming = readings[index];
      if (incoming.accepted) {
        const { acceptedAt, onlyEndpointId: _only, payloadJson, ...message } = incoming.message;
        const payloadText = decodeText(payloadJson);
        accepted.push({ ...message, payloadJson: payloadText, createdAt: new Date(acceptedAt) });
        const keyed = keyedCreateResponse(msg, incoming.message, payloadText);
        if (keyed) keyedResponses.push(keyed);
      } else {
        rejected.push({
          streamSeq: msg.seq,
          orgId: storable(incoming.orgId),
          appRef: storable(incoming.appRef),
          subject: storable(msg.subject),
          reason: storable(incoming.reason),
          raw: storable(decodeText(msg.data).slice(0, 64 * 1024)),
          createdAt: new Date(msg.info.timestampNanos / 1e6),
        });
      }
    }
    await this.messages.insert(accepted, rejected);
    // After the messages: a response that names a message is only kept once the message is.
    if (keyedResponses.length) await this.settleKeys(keyedResponses);
    for (const msg of batch) msg.ack();
    if (rejected.length) this.logger.warn({ count: rejected.length }, 'recorded rejected messages');
  }

  private async settleKeys(responses: KeyedCreateResponse[]): Promise<void> {
    const stored = await this.idempotencyKeys.complete(responses);
    // Released (the create failed after all) or taken over by a retry: that request's answer stands.
    const unsettled = responses.length - stored.size;
    if (unsettled > 0) this.logger.debug({ count: unsettled }, 'keyed creates whose keys are no longer theirs; their responses are not kept');
  }

  async get(orgId: string, appRef: string, ref: string): Promise<MessageOut> {
    const app = await this.apps.require(orgId, appRef);
    return toMessageOut(await this.requireMessage(app.id, ref));
  }

  /**
   * Whether the app already has a message with this eventId (eventIds are unique per app,
   * forever). JetStream refuses a repeat sent within its duplicate window; an older one is found
   * here, as long as the log is not so far behind that it may not have stored it yet: then this
   * answers 503 rather than let a repeat through. Coverage is read before the lookup, so that
   * what it vouches for is already in the table the lookup reads.
   */
  async eventIdTaken(appId: string, eventId: string): Promise<boolean> {
    const covered = await this.coverage.covered();
    if ((await this.messages.findByRef(appId, eventId))?.eventId === eventId) return true;
    if (!covered) throw HooklineError.unavailable('the message log is too far behind to check eventId uniqueness; retry shortly');
    return false;
  }

  async list(orgId: string, appRef: string, params: ListParams, filters: MessageFilters = { withContent: true }): Promise<ListResponse<MessageOut>> {
    const app = await this.apps.require(orgId, appRef);
    await this.caughtUp();
    const page = new KeysetPage(params, 'DESC');
    const toOut = (message: MessageEntity) => (filters.withContent ? toMessageOut(message) : { ...toMessageOut(message), payload: {} });
    return page.toResponse(await this.messages.list(app.id, page, filters), (message) => message.id, toOut);
  }

  /** Removes a message's payload from the log, the MESSAGES stream and kept responses (Svix: "delete content"). */
  async deleteContent(orgId: string, appRef: string, ref: string): Promise<void> {
    const app = await this.apps.require(orgId, appRef);
    const message = await this.requireMessage(app.id, ref);
    await this.messages.clearPayload(message.id);
    await this.idempotencyKeys.erasePayload(message.id);
    await this.nats.jsm.streams.deleteMessage(this.nats.names.stream(StreamKind.Messages), message.streamSeq, true).catch(() => undefined);
  }

  /**
   * A message by id or eventId. The log trails MESSAGES by a batch, so a message accepted just
   * before this query may not be written yet: a miss waits for the log to catch up and looks again.
   */
  private async requireMessage(appId: string, ref: string): Promise<MessageEntity> {
    let message = await this.messages.findByRef(appId, ref);
    if (!message) {
      // Looked up again even if the wait timed out: the log may have written it meanwhile.
      await this.caughtUp();
      message = await this.messages.findByRef(appId, ref);
    }
    if (!message) throw HooklineError.notFound('Message');
    return message;
  }

  /** Waits until the log holds every message accepted before now (read your writes). */
  private caughtUp(): Promise<boolean> {
    return consumerCaughtUp(this.nats.jsm, this.nats.names.stream(StreamKind.Messages), MESSAGE_LOG_CONSUMER, CATCH_UP_TIMEOUT_MS);
  }

  /** Messages published for this app (by id or uid) that were rejected, newest first. */
  async listRejected(orgId: string, appRef: string, limit: number): Promise<RejectedMessageOut[]> {
    const app = await this.apps.require(orgId, appRef);
    await this.caughtUp();
    const refs = [app.id, ...(app.uid ? [app.uid] : [])];
    const rows = await this.messages.listRejected(orgId, refs, limit);
    return rows.map((row) => ({ streamSeq: row.streamSeq, subject: row.subject, reason: row.reason, raw: row.raw, timestamp: row.createdAt.toISOString() }));
  }
}

/** A producer's bytes as PostgreSQL text can hold them: U+0000 would fail the insert and stall the log. */
function storable<T extends string | null>(text: T): T {
  return (text === null ? text : storableText(text)) as T;
}

export function toMessageOut(message: MessageEntity): MessageOut {
  return {
    id: message.id,
    eventType: message.eventType,
    eventId: message.eventId,
    channels: message.channels,
    payload: message.payload ?? {},
    timestamp: message.createdAt.toISOString(),
  };
}
