import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { EndpointHeadersOut, EndpointOut, EndpointSecretOut, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';

@Controller('api/v1/app/:app/endpoint')
export class EndpointsController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  list(@OrgId() orgId: string, @Param('app') app: string, @Query() query: unknown): Promise<ListResponse<EndpointOut>> {
    return this.services.registry(RegistryOp.ListEndpoints, { orgId, app, list: listQuery(query) });
  }

  @Post()
  create(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.CreateEndpoint, { orgId, app, body });
  }

  @Get(':endpoint')
  get(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.GetEndpoint, { orgId, app, endpoint });
  }

  /** Creates the endpoint (201) when `endpoint` is a uid that names none, as Svix. */
  @Put(':endpoint')
  async update(
    @OrgId() orgId: string,
    @Param('app') app: string,
    @Param('endpoint') endpoint: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EndpointOut> {
    return upserted(reply, await this.services.registry<Upserted<EndpointOut>>(RegistryOp.UpdateEndpoint, { orgId, app, endpoint, body }));
  }

  @Patch(':endpoint')
  patch(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.PatchEndpoint, { orgId, app, endpoint, body });
  }

  @Delete(':endpoint')
  @HttpCode(204)
  async delete(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteEndpoint, { orgId, app, endpoint });
  }

  @Get(':endpoint/secret')
  secret(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointSecretOut> {
    return this.services.registry(RegistryOp.GetEndpointSecret, { orgId, app, endpoint });
  }

  @Post(':endpoint/secret/rotate')
  @HttpCode(204)
  async rotateSecret(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.RotateEndpointSecret, { orgId, app, endpoint, body });
  }

  @Get(':endpoint/headers')
  headers(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointHeadersOut> {
    return this.services.registry(RegistryOp.GetEndpointHeaders, { orgId, app, endpoint });
  }

  @Put(':endpoint/headers')
  @HttpCode(204)
  async replaceHeaders(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.UpdateEndpointHeaders, { orgId, app, endpoint, body });
  }

  @Patch(':endpoint/headers')
  @HttpCode(204)
  async patchHeaders(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.PatchEndpointHeaders, { orgId, app, endpoint, body });
  }
}
