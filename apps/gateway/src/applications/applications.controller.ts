import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { ApplicationOut, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { flagQuery, listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';

@Controller('api/v1/app')
export class ApplicationsController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  list(@OrgId() orgId: string, @Query() query: unknown): Promise<ListResponse<ApplicationOut>> {
    return this.services.registry(RegistryOp.ListApps, { orgId, list: listQuery(query) });
  }

  @Post()
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
  get(@OrgId() orgId: string, @Param('app') app: string): Promise<ApplicationOut> {
    return this.services.registry(RegistryOp.GetApp, { orgId, app });
  }

  /** Creates the app (201) when `app` is a uid that names none, as Svix. */
  @Put(':app')
  async update(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationOut> {
    return upserted(reply, await this.services.registry<Upserted<ApplicationOut>>(RegistryOp.UpdateApp, { orgId, app, body }));
  }

  @Patch(':app')
  patch(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<ApplicationOut> {
    return this.services.registry(RegistryOp.PatchApp, { orgId, app, body });
  }

  @Delete(':app')
  @HttpCode(204)
  async delete(@OrgId() orgId: string, @Param('app') app: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteApp, { orgId, app });
  }
}
