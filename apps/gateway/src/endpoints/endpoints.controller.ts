import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  EndpointHeadersIn,
  EndpointHeadersOut,
  EndpointHeadersPatch,
  EndpointIn,
  EndpointOut,
  EndpointPatch,
  EndpointSecretOut,
  EndpointSecretRotateIn,
  EndpointUpdate,
  ListQuery,
  ListResponse,
  RegistryOp,
  Upserted,
} from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';

@ApiTags('Endpoint')
@ApiAuthenticated()
@Controller('api/v1/app/:app/endpoint')
export class EndpointsController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  @ApiList(EndpointOut)
  list(@OrgId() orgId: string, @Param('app') app: string, @Query() query: ListQuery): Promise<ListResponse<EndpointOut>> {
    return this.services.registry(RegistryOp.ListEndpoints, { orgId, app, list: listQuery(query) });
  }

  @Post()
  @ApiBody({ type: EndpointIn })
  @ApiCreatedResponse({ type: EndpointOut })
  create(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.CreateEndpoint, { orgId, app, body });
  }

  @Get(':endpoint')
  @ApiOkResponse({ type: EndpointOut })
  get(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.GetEndpoint, { orgId, app, endpoint });
  }

  /** Creates the endpoint (201) when `endpoint` is a uid that names none, as Svix. */
  @Put(':endpoint')
  @ApiBody({ type: EndpointUpdate })
  @ApiOkResponse({ type: EndpointOut })
  @ApiCreatedResponse({ type: EndpointOut, description: 'Created: no endpoint of the app had this uid.' })
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
  @ApiBody({ type: EndpointPatch })
  @ApiOkResponse({ type: EndpointOut })
  patch(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.PatchEndpoint, { orgId, app, endpoint, body });
  }

  @Delete(':endpoint')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteEndpoint, { orgId, app, endpoint });
  }

  @Get(':endpoint/secret')
  @ApiOkResponse({ type: EndpointSecretOut })
  secret(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointSecretOut> {
    return this.services.registry(RegistryOp.GetEndpointSecret, { orgId, app, endpoint });
  }

  @Post(':endpoint/secret/rotate')
  @HttpCode(204)
  @ApiBody({ type: EndpointSecretRotateIn, required: false })
  @ApiNoContentResponse({ description: 'Rotated; the previous secret keeps signing for 24 hours' })
  async rotateSecret(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.RotateEndpointSecret, { orgId, app, endpoint, body });
  }

  @Get(':endpoint/headers')
  @ApiOkResponse({ type: EndpointHeadersOut })
  headers(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointHeadersOut> {
    return this.services.registry(RegistryOp.GetEndpointHeaders, { orgId, app, endpoint });
  }

  @Put(':endpoint/headers')
  @HttpCode(204)
  @ApiBody({ type: EndpointHeadersIn })
  @ApiNoContentResponse()
  async replaceHeaders(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.UpdateEndpointHeaders, { orgId, app, endpoint, body });
  }

  @Patch(':endpoint/headers')
  @HttpCode(204)
  @ApiBody({ type: EndpointHeadersPatch })
  @ApiNoContentResponse()
  async patchHeaders(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<void> {
    await this.services.registry(RegistryOp.PatchEndpointHeaders, { orgId, app, endpoint, body });
  }
}
