import { Inject, Injectable } from '@nestjs/common';
import { JsMsg } from 'nats';
import { Logger } from 'pino';
import { AttemptTrigger, DeliveryTaskFields } from '@hookline/contracts';
import { CoalescingPublisher, NatsClients, encodeDeliveryTask } from '@hookline/messaging';
import { LOGGER, deliveriesRouted, messagesRejected } from '@hookline/observability';
import { AcceptedMessage, RegistryFollower, UNKNOWN_APP, endpointAccepts, readIncomingMessage, registryWatermarkOf } from '@hookline/registry-model';
import { RouterConfig } from '../config/router.config';
import { PublishWindow } from './publish-window';

/**
 * Fans each accepted message out to one delivery task per matching endpoint. A message is acked
 * only after all its tasks are stored, so a crash in between redelivers it; `Nats-Msg-Id` drops
 * the tasks that were stored twice.
 *
 * Read your writes: a registry change is acknowledged only after its watermark is in MESSAGES, so
 * a router that has handled every entry in stream order since it last caught up with REGISTRY has
 * passed the watermark of every change acknowledged before the message in hand, and at each it
 * brought its view up to that change. After a gap (entries that went to another replica, a
 * redelivery, a restart or a failed batch) it catches up with REGISTRY once instead.
 */
@Injectable()
export class MessageRouterService {
  /** Stream sequence of the last MESSAGES entry handled; 0 when the next must start with a catch-up. */
  private lastSeq = 0;
  /**
   * The tasks published in one turn of the event loop leave in one socket write. The client writes
   * what it holds whenever the microtasks run out, and the loop below awaits between two tasks
   * (the window, the next message), so publishing straight through cost a write per task: 37 % of
   * the router's CPU at saturation, and a read for nats-server each (npm run bench).
   */
  private readonly publisher: CoalescingPublisher;

  constructor(
    private readonly nats: NatsClients,
    private readonly registry: RegistryFollower,
    private readonly config: RouterConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.publisher = new CoalescingPublisher(nats.publisher);
  }

  /** `ack`: how a handled message is acked (the worker's, which may defer the write). */
  async route(batch: JsMsg[], ack: (msg: JsMsg) => void = (msg) => msg.ack()): Promise<void> {
    const window = new PublishWindow(this.config.maxUnstoredTaskBytes);
    // One catch-up covers the whole batch: it starts after every entry of the batch was stored.
    let caughtUp = false;
    const catchUp = async () => {
      if (caughtUp) return;
      await this.registry.catchUp();
      caughtUp = true;
    };
    try {
      for (const msg of batch) {
        if (msg.seq !== this.lastSeq + 1) await catchUp();
        this.lastSeq = msg.seq;
        const registrySeq = registryWatermarkOf(msg, this.nats.names);
        if (registrySeq !== undefined) {
          await this.registry.catchUpTo(registrySeq);
          continue;
        }
        let incoming = readIncomingMessage(msg, this.nats, this.registry.view);
        // An app whose creation was stored but never acknowledged (the registry stopped before
        // its watermark) has no watermark: before rejecting, the view catches up.
        if (!incoming.accepted && incoming.reasonCode === UNKNOWN_APP && !caughtUp) {
          await catchUp();
          incoming = readIncomingMessage(msg, this.nats, this.registry.view);
        }
        if (!incoming.accepted) {
          messagesRejected.inc({ reason: incoming.reasonCode });
          this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: incoming.reason }, 'message rejected');
          continue;
        }
        await this.fanOut(incoming.message, window);
      }
      await window.settled();
    } catch (error) {
      // The batch is redelivered after entries that follow it: the order is broken.
      this.lastSeq = 0;
      throw error;
    }
    for (const msg of batch) ack(msg);
  }

  private async fanOut(message: AcceptedMessage, window: PublishWindow): Promise<void> {
    const endpoints = this.registry.view
      .endpointsOf(message.appId)
      .filter((endpoint) =>
        message.onlyEndpointId ? endpoint.id === message.onlyEndpointId && !endpoint.disabled : endpointAccepts(endpoint, message.eventType, message.channels),
      );
    deliveriesRouted.inc(endpoints.length);
    for (const endpoint of endpoints) {
      const task: DeliveryTaskFields & { payload: Uint8Array } = {
        msgId: message.id,
        orgId: message.orgId,
        appId: message.appId,
        endpointId: endpoint.id,
        eventType: message.eventType,
        eventId: message.eventId,
        acceptedAt: message.acceptedAt,
        trigger: AttemptTrigger.Scheduled,
        attempt: 1,
        payload: message.payloadJson,
      };
      const subject = this.nats.names.delivery(message.orgId, message.appId, endpoint.id);
      const { data, headers } = encodeDeliveryTask(task);
      await window.add(this.publisher.publish(subject, data, { headers, msgID: `${message.id}:${endpoint.id}` }), data.length);
    }
  }
}
