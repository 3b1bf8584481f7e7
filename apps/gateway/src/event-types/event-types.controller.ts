import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { EventTypeOut, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { flagQuery, listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';

@Controller('api/v1/event-type')
export class EventTypesController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  list(@OrgId() orgId: string, @Query() query: Record<string, unknown>): Promise<ListResponse<EventTypeOut>> {
    const { include_archived: includeArchived, with_content: withContent, ...listing } = query;
    flagQuery(withContent, 'with_content', true);
    return this.services.registry(RegistryOp.ListEventTypes, { orgId, list: listQuery(listing), includeArchived: flagQuery(includeArchived, 'include_archived') });
  }

  @Post()
  create(@OrgId() orgId: string, @Body() body: unknown): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.CreateEventType, { orgId, body });
  }

  @Get(':name')
  get(@OrgId() orgId: string, @Param('name') name: string): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.GetEventType, { orgId, name });
  }

  /** Creates the event type (201) when it does not exist, as Svix. */
  @Put(':name')
  async update(@OrgId() orgId: string, @Param('name') name: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventTypeOut> {
    return upserted(reply, await this.services.registry<Upserted<EventTypeOut>>(RegistryOp.UpdateEventType, { orgId, name, body }));
  }

  @Patch(':name')
  patch(@OrgId() orgId: string, @Param('name') name: string, @Body() body: unknown): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.PatchEventType, { orgId, name, body });
  }

  /** Archives the event type; `?expunge=true` deletes it. */
  @Delete(':name')
  @HttpCode(204)
  async delete(@OrgId() orgId: string, @Param('name') name: string, @Query('expunge') expunge?: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteEventType, { orgId, name, expunge: flagQuery(expunge, 'expunge') });
  }
}
