import { Controller, Get, Param, Query } from '@nestjs/common';
import { AttemptLogOp, ListResponse, MessageAttemptOut } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { attemptListQuery } from '../clients/list-query';

@Controller('api/v1/app/:app/attempt')
export class AttemptsController {
  constructor(private readonly services: ServiceClients) {}

  @Get('endpoint/:endpoint')
  byEndpoint(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Query() query: unknown): Promise<ListResponse<MessageAttemptOut>> {
    return this.services.attemptLog(AttemptLogOp.ListAttemptsByEndpoint, { orgId, app, endpoint, ...attemptListQuery(query) });
  }

  @Get('msg/:msg')
  byMessage(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Query() query: unknown): Promise<ListResponse<MessageAttemptOut>> {
    return this.services.attemptLog(AttemptLogOp.ListAttemptsByMessage, { orgId, app, msg, ...attemptListQuery(query) });
  }
}
