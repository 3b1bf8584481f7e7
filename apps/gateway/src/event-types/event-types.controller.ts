import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { EventTypeIn, EventTypeOut, EventTypePatch, EventTypeUpdate, ListQuery, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { flagQuery, listQuery } from '../clients/list-query';
import { upserted } from '../clients/upserted';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';

@ApiTags('Event Type')
@ApiAuthenticated()
@Controller('api/v1/event-type')
export class EventTypesController {
  constructor(private readonly services: ServiceClients) {}

  @Get()
  @ApiQuery({ type: ListQuery })
  @ApiQuery({ name: 'include_archived', required: false, type: Boolean })
  @ApiQuery({ name: 'with_content', required: false, type: Boolean, description: 'Accepted for Svix compatibility; schemas are always included.' })
  @ApiList(EventTypeOut)
  list(@OrgId() orgId: string, @Query() query: Record<string, unknown>): Promise<ListResponse<EventTypeOut>> {
    const { include_archived: includeArchived, with_content: withContent, ...listing } = query;
    flagQuery(withContent, 'with_content', true);
    return this.services.registry(RegistryOp.ListEventTypes, { orgId, list: listQuery(listing), includeArchived: flagQuery(includeArchived, 'include_archived') });
  }

  @Post()
  @ApiBody({ type: EventTypeIn })
  @ApiCreatedResponse({ type: EventTypeOut })
  create(@OrgId() orgId: string, @Body() body: unknown): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.CreateEventType, { orgId, body });
  }

  @Get(':name')
  @ApiOkResponse({ type: EventTypeOut })
  get(@OrgId() orgId: string, @Param('name') name: string): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.GetEventType, { orgId, name });
  }

  /** Creates the event type (201) when it does not exist, as Svix. */
  @Put(':name')
  @ApiBody({ type: EventTypeUpdate })
  @ApiOkResponse({ type: EventTypeOut })
  @ApiCreatedResponse({ type: EventTypeOut, description: 'Created: no event type had this name.' })
  async update(@OrgId() orgId: string, @Param('name') name: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventTypeOut> {
    return upserted(reply, await this.services.registry<Upserted<EventTypeOut>>(RegistryOp.UpdateEventType, { orgId, name, body }));
  }

  @Patch(':name')
  @ApiBody({ type: EventTypePatch })
  @ApiOkResponse({ type: EventTypeOut })
  patch(@OrgId() orgId: string, @Param('name') name: string, @Body() body: unknown): Promise<EventTypeOut> {
    return this.services.registry(RegistryOp.PatchEventType, { orgId, name, body });
  }

  /** Archives the event type; `?expunge=true` deletes it. */
  @Delete(':name')
  @HttpCode(204)
  @ApiQuery({ name: 'expunge', required: false, type: Boolean, description: 'Delete instead of archiving.' })
  @ApiNoContentResponse()
  async delete(@OrgId() orgId: string, @Param('name') name: string, @Query('expunge') expunge?: string): Promise<void> {
    await this.services.registry(RegistryOp.DeleteEventType, { orgId, name, expunge: flagQuery(expunge, 'expunge') });
  }
}
