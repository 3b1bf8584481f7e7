import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AttemptListQuery, AttemptLogOp, ListResponse, MessageAttemptOut } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { attemptListQuery } from '../clients/list-query';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';

@ApiTags('Message Attempt')
@ApiAuthenticated()
@Controller('api/v1/app/:app/attempt')
export class AttemptsController {
  constructor(private readonly services: ServiceClients) {}

  @Get('endpoint/:endpoint')
  @ApiList(MessageAttemptOut)
  byEndpoint(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Query() query: AttemptListQuery): Promise<ListResponse<MessageAttemptOut>> {
    return this.services.attemptLog(AttemptLogOp.ListAttemptsByEndpoint, { orgId, app, endpoint, ...attemptListQuery(query) });
  }

  @Get('msg/:msg')
  @ApiList(MessageAttemptOut)
  byMessage(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Query() query: AttemptListQuery): Promise<ListResponse<MessageAttemptOut>> {
    return this.services.attemptLog(AttemptLogOp.ListAttemptsByMessage, { orgId, app, msg, ...attemptListQuery(query) });
  }
}
