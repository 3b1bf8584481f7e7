import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { ApplicationIn, ApplicationOut, ApplicationPatch, ListQuery, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { flagQuery, listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';

@ApiTags('Application')
@ApiAuthenticated()
@Controller('api/v1/app')
export class ApplicationsController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  @ApiList(ApplicationOut)
  list(@OrgId() orgId: string, @Query() query: ListQuery): Promise<ListResponse<ApplicationOut>> {
    return this.services.registry(RegistryOp.ListApps, { orgId, list: listQuery(query) });
  }

  @Post()
  @ApiBody({ type: ApplicationIn })
  @ApiQuery({ name: 'get_if_exists', required: false, type: Boolean, description: 'Answer 200 with the existing app when the uid is taken.' })
  @ApiCreatedResponse({ type: ApplicationOut })
  @ApiOkResponse({ type: ApplicationOut, description: 'The existing application (get_if_exists)' })
  async create(
    @OrgId() orgId: string,
    @Body() body: unknown,
    @Query('get_if_exists') getIfExists: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationOut> {
    const result = await this.services.registry<{ created: boolean; app: ApplicationOut }>(RegistryOp.CreateApp, {
      orgId,
      body,
      getIfExists: flagQuery(getIfExists, 'get_if_exists'),
    });
    void reply.status(result.created ? 201 : 200);
    return result.app;
  }

  @Get(':app')
  @ApiOkResponse({ type: ApplicationOut })
  get(@OrgId() orgId: string, @Param('app') app: string): Promise<ApplicationOut> {
    return this.services.registry(RegistryOp.GetApp, { orgId, app });
  }

  /** Creates the app (201) when `app` is a uid that names none, as Svix. */
  @Put(':app')
  @ApiBody({ type: ApplicationIn })
  @ApiOkResponse({ type: ApplicationOut })
  @ApiCreatedResponse({ type: ApplicationOut, description: 'Created: no application had this uid.' })
  async update(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationOut> {
    return upserted(reply, await this.services.registry<Upserted<ApplicationOut>>(RegistryOp.UpdateApp, { orgId, app, body }));
  }

  @Patch(':app')
  @ApiBody({ type: ApplicationPatch })
  @ApiOkResponse({ type: ApplicationOut })
  patch(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<ApplicationOut> {
    return this.services.registry(RegistryOp.PatchApp, { orgId, app, body });
  }

  @Delete(':app')
  @HttpCode(204)
  @ApiNoContentResponse()
  async delete(@OrgId() orgId: string, @Param('app') app: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteApp, { orgId, app });
  }
}
