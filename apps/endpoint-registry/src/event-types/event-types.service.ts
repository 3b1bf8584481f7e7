import { Injectable } from '@nestjs/common';
import { EventTypeIn, EventTypeOut, EventTypeState, HooklineError, ListParams, ListResponse, Upserted, subjectToken, validateInput } from '@hookline/contracts';
import { EventTypeEntity, KeysetPage } from '@hookline/database';
import { RegistryEventStore } from '../events/registry-event-store';
import { EventTypesRepository } from './event-types.repository';
import { toEventTypeOut } from './event-type.mapper';
import { retryOnConflict } from '../events/retry-on-conflict';

/** An org's catalogue of event types, with their payload schemas. Deleting archives unless expunged. */
@Injectable()
export class EventTypesService {
  constructor(
    private readonly eventTypes: EventTypesRepository,
    private readonly events: RegistryEventStore,
  ) {}

  async create(orgId: string, body: unknown): Promise<EventTypeOut> {
    const input = validateInput(EventTypeIn, body);
    const lastSeq = await this.events.settle(orgId, 'event-type', subjectToken(input.name));
    const existing = await this.eventTypes.find(orgId, input.name);
    if (existing && !existing.archived) throw HooklineError.conflict(`event type ${input.name} already exists`);
    return this.save(orgId, input, existing, lastSeq);
  }

  async get(orgId: string, name: string): Promise<EventTypeOut> {
    return toEventTypeOut(await this.require(orgId, name));
  }

  async list(orgId: string, params: ListParams, includeArchived: boolean): Promise<ListResponse<EventTypeOut>> {
    const page = new KeysetPage(params, 'ASC');
    return page.toResponse(await this.eventTypes.list(orgId, params, includeArchived), (eventType) => eventType.name, toEventTypeOut);
  }

  /** PUT creates the event type when it does not exist (201), as Svix does; the last of concurrent PUTs wins. */
  async upsert(orgId: string, name: string, body: unknown): Promise<Upserted<EventTypeOut>> {
    const input = validateInput(EventTypeIn, { ...(body as object), name });
    return retryOnConflict(async () => {
      // A concurrent PUT may have just created it: read what the stream holds, not an older projection.
      const lastSeq = await this.events.settle(orgId, 'event-type', subjectToken(name));
      const current = await this.eventTypes.find(orgId, name);
      return { created: current === null, value: await this.save(orgId, input, current, lastSeq) };
    });
  }

  async patch(orgId: string, name: string, body: unknown): Promise<EventTypeOut> {
    const current = await this.require(orgId, name);
    return (await this.upsert(orgId, name, { ...toEventTypeOut(current), ...(body as object) })).value;
  }

  async delete(orgId: string, name: string, expunge: boolean): Promise<void> {
    const current = await this.require(orgId, name);
    if (expunge) {
      await this.events.append(orgId, 'event-type', subjectToken(name), { type: 'event_type.deleted', orgId, name }, current.streamSeq);
      return;
    }
    await this.save(orgId, { ...toEventTypeOut(current), archived: true }, current, current.streamSeq);
  }

  /** @param expectedSeq the subject's last sequence when `current` was read (a name that was expunged has history). */
  private async save(orgId: string, input: EventTypeIn, current: EventTypeEntity | null, expectedSeq: number): Promise<EventTypeOut> {
    const now = new Date().toISOString();
    const eventType: EventTypeState = {
      orgId,
      name: input.name,
      description: input.description,
      archived: input.archived ?? false,
      deprecated: input.deprecated ?? false,
      schemas: input.schemas ?? null,
      featureFlag: input.featureFlag ?? null,
      groupName: input.groupName ?? null,
      createdAt: current ? current.createdAt.toISOString() : now,
      updatedAt: now,
    };
    const type = current ? 'event_type.updated' : 'event_type.created';
    await this.events.append(orgId, 'event-type', subjectToken(input.name), { type, eventType }, expectedSeq);
    return toEventTypeOut(eventType);
  }

  private async require(orgId: string, name: string): Promise<EventTypeEntity> {
    const eventType = await this.eventTypes.find(orgId, name);
    if (!eventType) throw HooklineError.notFound('Event type');
    return eventType;
  }
}
