import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyIn, ApiKeyOut, ListApiKeysOut, RegistryOp } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';
import { Principal } from '../auth/authenticator';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { ServiceClients } from '../clients/service-clients';
import { ApiAuthenticated } from '../openapi/api-decorators';

/** Hookline extension: admin API keys of the caller's org (and, for the bootstrap admin, new orgs). */
@ApiTags('API Key')
@ApiAuthenticated()
@Controller('api/v1/api-key')
export class ApiKeysController {
  constructor(
    private readonly services: ServiceClients,
    private readonly registry: RegistryFollower,
  ) {}

  @Post()
  @ApiBody({ type: ApiKeyIn })
  @ApiCreatedResponse({ type: ApiKeyOut })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ApiKeyOut> {
    return this.services.registry(RegistryOp.CreateApiKey, { orgId: principal.orgId, superuser: principal.superuser, body });
  }

  @Get()
  @ApiOkResponse({ type: ListApiKeysOut })
  async list(@CurrentPrincipal() principal: Principal): Promise<ListApiKeysOut> {
    return { data: await this.services.registry(RegistryOp.ListApiKeys, { orgId: principal.orgId }) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.services.registry(RegistryOp.RevokeApiKey, { orgId: principal.orgId, id });
    // This gateway refuses the key from the moment the call returns.
    await this.registry.catchUp();
  }
}
