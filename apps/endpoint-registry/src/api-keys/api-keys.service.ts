import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyIn, ApiKeyOut, ApiKeyState, HooklineError, hashToken, newId, validateInput } from '@hookline/contracts';
import { ApiKeyEntity } from '@hookline/database';
import { RegistryEventStore } from '../events/registry-event-store';
import { REGISTRY_DATA_SOURCE } from '../registry.data-source';

function toOut(apiKey: ApiKeyState | ApiKeyEntity): ApiKeyOut {
  return { id: apiKey.id, name: apiKey.name, orgId: apiKey.orgId, revoked: apiKey.revoked, createdAt: new Date(apiKey.createdAt).toISOString() };
}

/** An org's admin API keys. A key authenticates as its org; tokens are stored only as hashes. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource(REGISTRY_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly events: RegistryEventStore,
  ) {}

  async create(orgId: string, superuser: boolean, body: unknown): Promise<ApiKeyOut> {
    const input = validateInput(ApiKeyIn, body);
    if (input.newOrg && !superuser) throw new HooklineError(403, 'forbidden', 'only the bootstrap admin token can create an org');
    const token = `hk_${randomBytes(32).toString('base64url')}`;
    const apiKey: ApiKeyState = {
      id: newId('key'),
      orgId: input.newOrg ? newId('org') : orgId,
      name: input.name,
      tokenHash: hashToken(token),
      revoked: false,
      createdAt: new Date().toISOString(),
    };
    await this.events.append(apiKey.orgId, 'api-key', apiKey.id, { type: 'api_key.created', apiKey }, 0);
    return { ...toOut(apiKey), key: token };
  }

  async list(orgId: string): Promise<ApiKeyOut[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { orgId }, order: { id: 'ASC' } });
    return rows.map(toOut);
  }

  async revoke(orgId: string, id: string): Promise<void> {
    const current = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ orgId, id });
    if (!current) throw HooklineError.notFound('API key');
    const { streamSeq, ...state } = current;
    const apiKey: ApiKeyState = { ...state, revoked: true, createdAt: current.createdAt.toISOString() };
    await this.events.append(orgId, 'api-key', id, { type: 'api_key.revoked', apiKey }, streamSeq);
  }
}
