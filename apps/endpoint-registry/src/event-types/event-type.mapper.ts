import { EventTypeOut, EventTypeState } from '@hookline/contracts';
import { EventTypeEntity } from '@hookline/database';

export function toEventTypeOut(eventType: EventTypeState | EventTypeEntity): EventTypeOut {
  return {
    name: eventType.name,
    description: eventType.description,
    archived: eventType.archived,
    deprecated: eventType.deprecated,
    schemas: eventType.schemas,
    featureFlag: eventType.featureFlag,
    groupName: eventType.groupName,
    createdAt: new Date(eventType.createdAt).toISOString(),
    updatedAt: new Date(eventType.updatedAt).toISOString(),
  };
}
