import { ApplicationOut, ApplicationState } from '@hookline/contracts';
import { ApplicationEntity } from '@hookline/database';

export function toApplicationOut(app: ApplicationState | ApplicationEntity): ApplicationOut {
  return {
    id: app.id,
    uid: app.uid,
    name: app.name,
    rateLimit: app.rateLimit,
    metadata: app.metadata,
    createdAt: new Date(app.createdAt).toISOString(),
    updatedAt: new Date(app.updatedAt).toISOString(),
  };
}

export function toApplicationState(entity: ApplicationEntity): ApplicationState {
  const { streamSeq: _seq, ...fields } = entity;
  return { ...fields, createdAt: entity.createdAt.toISOString(), updatedAt: entity.updatedAt.toISOString() };
}
