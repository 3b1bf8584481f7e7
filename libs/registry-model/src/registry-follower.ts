import { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { Logger } from 'pino';
import { ApplicationState, NatsNames, StreamKind, parseRegistryEvent } from '@hookline/contracts';
import { RegistryView } from './registry-view';
import { StreamBarrier } from './stream-barrier';

/**
 * Keeps a RegistryView in step with the REGISTRY stream through an ordered consumer, and offers
 * `catchUp()` for read-your-writes: after it resolves, every registry change acknowledged before
 * the call is visible in the view.
 */
export class RegistryFollower {
  readonly view = new RegistryView();
  private readonly barrier: StreamBarrier;
  private messages?: ConsumerMessages;
  private readonly endpointListeners: ((endpointId: string) => void)[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: NatsNames,
    private readonly logger: Logger,
  ) {
    const stream = names.stream(StreamKind.Registry);
    this.barrier = new StreamBarrier(async () => (await this.jsm.streams.info(stream)).state.last_seq);
  }

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(this.names.stream(StreamKind.Registry));
    this.messages = await consumer.consume({ callback: (message) => this.apply(message) });
    await this.catchUp();
  }

  catchUp(): Promise<void> {
    return this.barrier.catchUp();
  }

  /**
   * Resolves once the view has applied REGISTRY up to `seq` (a registry watermark's). A view
   * behind it catches up with the stream's head, which a real watermark's change is at or before;
   * a sequence beyond the head (a forged watermark, or REGISTRY recreated since) costs that one
   * round trip, not a stall.
   */
  async catchUpTo(seq: number): Promise<void> {
    if (seq > this.barrier.appliedSeq) await this.catchUp();
  }

  /** An app of the org by id or uid, catching up once if this view does not know it (yet). */
  async findApp(orgId: string, ref: string): Promise<ApplicationState | undefined> {
    return this.view.findApp(orgId, ref) ?? (await this.catchUp(), this.view.findApp(orgId, ref));
  }

  /** Calls `listener` with the id of every endpoint created, changed or removed from now on. */
  onEndpointChange(listener: (endpointId: string) => void): void {
    this.endpointListeners.push(listener);
  }

  stop(): void {
    this.messages?.stop();
  }

  private apply(message: JsMsg): void {
    try {
      const changed = this.view.apply(parseRegistryEvent(message.json()));
      for (const endpointId of changed) for (const listener of this.endpointListeners) listener(endpointId);
    } catch (error) {
      this.logger.error({ err: error, seq: message.seq }, 'skipping unreadable registry event');
    }
    this.barrier.advance(message.seq);
  }
}
