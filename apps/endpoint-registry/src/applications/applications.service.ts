import { Injectable } from '@nestjs/common';
import {
  ApplicationIn,
  ApplicationOut,
  ApplicationState,
  HooklineError,
  ListParams,
  ListResponse,
  Upserted,
  isChoosableUid,
  newId,
  validateInput,
} from '@hookline/contracts';
import { ApplicationEntity, KeysetPage } from '@hookline/database';
import { createOrUpdate } from '../events/create-or-update';
import { RegistryEventStore } from '../events/registry-event-store';
import { UidLock } from '../events/uid-lock';
import { ApplicationsRepository } from './applications.repository';
import { toApplicationOut, toApplicationState } from './application.mapper';

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly events: RegistryEventStore,
    private readonly uidLock: UidLock,
  ) {}

  /** Creates an app; with `getIfExists`, an existing app with the same uid is returned instead of a 409. */
  create(orgId: string, body: unknown, getIfExists: boolean): Promise<{ created: boolean; app: ApplicationOut }> {
    const input = validateInput(ApplicationIn, body);
    return this.uidLock.run(`app:${orgId}`, input.uid, async () => {
      const existing = input.uid ? await this.applications.findByUid(orgId, input.uid) : null;
      if (existing && getIfExists) return { created: false, app: toApplicationOut(existing) };
      if (existing) throw HooklineError.conflict(`an application with uid ${input.uid} already exists`);
      const now = new Date().toISOString();
      const app: ApplicationState = {
        id: newId('app'),
        orgId,
        uid: input.uid ?? null,
        name: input.name,
        rateLimit: input.rateLimit ?? null,
        metadata: input.metadata ?? {},
        createdAt: now,
        updatedAt: now,
      };
      await this.events.append(orgId, 'app', app.id, { type: 'app.created', app }, 0);
      return { created: true, app: toApplicationOut(app) };
    });
  }

  /**
   * PUT, as Svix: updates the app, or creates it when `ref` names none. A created app takes the
   * body's uid, else `ref` as its uid; an unknown `app_…` id is a 404, since ids cannot be chosen.
   */
  upsert(orgId: string, ref: string, body: unknown): Promise<Upserted<ApplicationOut>> {
    const input = validateInput(ApplicationIn, body);
    return createOrUpdate(
      async () => (await this.applications.findByRef(orgId, ref)) !== null,
      async () => {
        if (!input.uid && !isChoosableUid('app', ref)) throw HooklineError.notFound('Application');
        return (await this.create(orgId, { ...input, uid: input.uid ?? ref }, false)).app;
      },
      () => this.update(orgId, ref, body),
    );
  }

  async get(orgId: string, ref: string): Promise<ApplicationOut> {
    return toApplicationOut(await this.require(orgId, ref));
  }

  async list(orgId: string, params: ListParams): Promise<ListResponse<ApplicationOut>> {
    const page = new KeysetPage(params, 'ASC');
    return page.toResponse(await this.applications.list(orgId, page), (app) => app.id, toApplicationOut);
  }

  async update(orgId: string, ref: string, body: unknown): Promise<ApplicationOut> {
    const input = validateInput(ApplicationIn, body);
    const current = await this.require(orgId, ref);
    return this.uidLock.run(`app:${orgId}`, input.uid, async () => {
      const holder = input.uid ? await this.applications.findByUid(orgId, input.uid) : null;
      if (holder && holder.id !== current.id) throw HooklineError.conflict(`an application with uid ${input.uid} already exists`);
      const app: ApplicationState = {
        ...toApplicationState(current),
        uid: input.uid ?? null,
        name: input.name,
        rateLimit: input.rateLimit ?? null,
        metadata: input.metadata ?? {},
        updatedAt: new Date().toISOString(),
      };
      await this.events.append(orgId, 'app', app.id, { type: 'app.updated', app }, current.streamSeq);
      return toApplicationOut(app);
    });
  }

  /** PATCH: the fields present in the body replace the current ones; the rest stay. */
  async patch(orgId: string, ref: string, body: unknown): Promise<ApplicationOut> {
    const { id: _id, createdAt: _created, updatedAt: _updated, ...attributes } = toApplicationOut(await this.require(orgId, ref));
    return this.update(orgId, ref, { ...attributes, ...(body as object) });
  }

  async delete(orgId: string, ref: string): Promise<void> {
    const current = await this.require(orgId, ref);
    await this.events.append(orgId, 'app', current.id, { type: 'app.deleted', orgId, appId: current.id }, current.streamSeq);
  }

  /** The app, or a 404: every endpoint command starts here. */
  async require(orgId: string, ref: string): Promise<ApplicationEntity> {
    const app = await this.applications.findByRef(orgId, ref);
    if (!app) throw HooklineError.notFound('Application');
    return app;
  }
}
