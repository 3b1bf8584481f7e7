import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { HooklineError, RegistryAggregate, RegistryEvent, StreamKind, parseRegistryEvent } from '@hookline/contracts';
import { NatsClients, encodeJson } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { registryWatermarkHeaders } from '@hookline/registry-model';
import { RegistryProjector } from '../projection/registry-projector';

const EMPTY = new Uint8Array(0);

/**
 * Appends registry events with per-aggregate optimistic concurrency, then waits for the local
 * projection to apply them, so a command's reply is readable at once, and marks each in MESSAGES
 * (a registry watermark), so that messages accepted after the reply are routed with it applied.
 */
@Injectable()
export class RegistryEventStore {
  constructor(
    private readonly nats: NatsClients,
    private readonly projector: RegistryProjector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Stream sequence of the last event of an aggregate, 0 if it has none (e.g. an expunged one being recreated). */
  async lastSequenceOf(orgId: string, aggregate: RegistryAggregate, id: string): Promise<number> {
    return (await this.latest(orgId, aggregate, id))?.seq ?? 0;
  }

  /**
   * Waits until the projection holds the aggregate's last event, so that reading it next is
   * current, and returns that event's sequence: the one to expect when appending what the read decides.
   */
  async settle(orgId: string, aggregate: RegistryAggregate, id: string): Promise<number> {
    const seq = await this.lastSequenceOf(orgId, aggregate, id);
    await this.projector.waitFor(seq);
    return seq;
  }

  /** The last event of an aggregate and its stream sequence, for aggregates that have no table of their own. */
  async latest(orgId: string, aggregate: RegistryAggregate, id: string): Promise<{ seq: number; event: RegistryEvent } | undefined> {
    const subject = this.nats.names.registry(orgId, aggregate, id);
    const last = await this.nats.jsm.streams.getMessage(this.nats.names.stream(StreamKind.Registry), { last_by_subj: subject }).catch(() => undefined);
    return last && { seq: last.seq, event: parseRegistryEvent(last.json()) };
  }

  /**
   * @param expectedSeq stream sequence of the aggregate's last event (0 for a new aggregate);
   *   a concurrent change makes the append fail with 409.
   */
  async append(orgId: string, aggregate: RegistryAggregate, id: string, event: RegistryEvent, expectedSeq: number): Promise<number> {
    const subject = this.nats.names.registry(orgId, aggregate, id);
    let seq: number;
    try {
      ({ seq } = await this.nats.js.publish(subject, encodeJson(event), { expect: { lastSubjectSequence: expectedSeq } }));
    } catch (error) {
      if (/wrong last sequence/i.test((error as Error).message)) {
        throw HooklineError.conflict(`the ${aggregate} was changed concurrently; retry the request`);
      }
      throw error;
    }
    await Promise.all([this.projector.waitFor(seq), this.markInMessages(seq)]);
    return seq;
  }

  /**
   * Tried twice: a change acknowledged without its watermark could miss messages sent right after.
   * When both fail the change is stored all the same, and the caller is told so rather than
   * left to repeat a create.
   */
  private async markInMessages(registrySeq: number): Promise<void> {
    const publish = () => this.nats.publisher.publish(this.nats.names.registryWatermark(), EMPTY, { headers: registryWatermarkHeaders(registrySeq) });
    await publish()
      .catch(publish)
      .catch((error: Error) => {
        this.logger.error({ err: error, registrySeq }, 'registry change stored without its watermark in MESSAGES');
        throw HooklineError.unavailable(
          'the change was stored, but messages accepted in the next moments may be routed without it (MESSAGES refused its mark); read it back before repeating the request',
        );
      });
  }
}
