import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ApiKeyState, ApplicationState, EndpointState, EventTypeState, RegistryEvent } from '@hookline/contracts';
import { ApiKeyEntity, ApplicationEntity, EndpointEntity, EventTypeEntity, ProjectionCheckpointEntity } from '@hookline/database';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

const CHECKPOINT = 'registry';

/** Writes REGISTRY events into the Postgres projection, exactly once per stream sequence. */
@Injectable()
export class RegistryProjectionRepository {
  constructor(@InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource) {}

  async lastAppliedSeq(): Promise<number> {
    const row = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ name: CHECKPOINT });
    return row?.lastSeq ?? 0;
  }

  /** Applies `event` unless the checkpoint shows it (or a later one) was applied already. */
  async apply(seq: number, event: RegistryEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO projection_checkpoints (name, last_seq) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [CHECKPOINT]);
      const [{ last_seq }] = await manager.query(`SELECT last_seq FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [CHECKPOINT]);
      if (seq <= Number(last_seq)) return;
      await this.applyEvent(manager, seq, event);
      await manager.update(ProjectionCheckpointEntity, { name: CHECKPOINT }, { lastSeq: seq });
    });
  }

  private async applyEvent(manager: EntityManager, seq: number, event: RegistryEvent): Promise<void> {
    switch (event.type) {
      case 'app.created':
      case 'app.updated':
        await manager.upsert(ApplicationEntity, appRow(event.app, seq), ['id']);
        return;
      case 'app.deleted':
        await manager.delete(ApplicationEntity, { id: event.appId });
        return;
      case 'endpoint.created':
      case 'endpoint.updated':
      case 'endpoint.secret_rotated':
        await manager.upsert(EndpointEntity, endpointRow(event.endpoint, seq), ['id']);
        return;
      case 'endpoint.deleted':
        await manager.delete(EndpointEntity, { id: event.endpointId });
        return;
      case 'event_type.created':
      case 'event_type.updated':
        await manager.upsert(EventTypeEntity, eventTypeRow(event.eventType, seq) as QueryDeepPartialEntity<EventTypeEntity>, ['orgId', 'name']);
        return;
      case 'event_type.deleted':
        await manager.delete(EventTypeEntity, { orgId: event.orgId, name: event.name });
        return;
      case 'api_key.created':
      case 'api_key.revoked':
        await manager.upsert(ApiKeyEntity, apiKeyRow(event.apiKey, seq), ['id']);
        return;
      case 'app.portal_tokens_expired':
        // Kept on REGISTRY only: the gateways check portal tokens against their in-memory view.
        return;
    }
  }
}

function appRow(app: ApplicationState, seq: number): ApplicationEntity {
  return { ...app, createdAt: new Date(app.createdAt), updatedAt: new Date(app.updatedAt), streamSeq: seq };
}

function endpointRow(endpoint: EndpointState, seq: number): EndpointEntity {
  return { ...endpoint, createdAt: new Date(endpoint.createdAt), updatedAt: new Date(endpoint.updatedAt), streamSeq: seq };
}

function eventTypeRow(eventType: EventTypeState, seq: number): EventTypeEntity {
  return { ...eventType, createdAt: new Date(eventType.createdAt), updatedAt: new Date(eventType.updatedAt), streamSeq: seq };
}

function apiKeyRow(apiKey: ApiKeyState, seq: number): ApiKeyEntity {
  return { ...apiKey, createdAt: new Date(apiKey.createdAt), streamSeq: seq };
}
