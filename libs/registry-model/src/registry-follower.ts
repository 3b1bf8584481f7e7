import { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from 'nats';
import { Logger } from 'pino';
import { ApplicationState, NatsNames, StreamKind, parseRegistryEvent } from '@hookline/contracts';
import { RegistryView } from './registry-view';
import { StreamBarrier } from './stream-barrier';

/** How long `waitFor` trusts a watermark's sequence before it catches up with the stream as it is. */
export const WATERMARK_WAIT_MS = 3000;

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
   * Resolves once the view has applied the REGISTRY stream up to `seq` (a registry watermark's).
   * A sequence the stream never reaches (REGISTRY recreated since the watermark was stored) must
   * not stall the caller: after WATERMARK_WAIT_MS the view catches up with the stream as it is.
   */
  async waitFor(seq: number): Promise<void> {
    if (seq <= this.barrier.appliedSeq) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<true>((resolve) => (timer = setTimeout(() => resolve(true), WATERMARK_WAIT_MS)));
    const timedOut = await Promise.race([this.barrier.waitFor(seq), late]);
    clearTimeout(timer);
    if (!timedOut) return;
    this.logger.warn({ seq, applied: this.barrier.appliedSeq }, 'registry watermark ahead of REGISTRY; catching up with the stream instead');
    await this.catchUp();
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
