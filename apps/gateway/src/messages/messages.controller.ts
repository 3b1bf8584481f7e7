import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AttemptLogOp, ListResponse, MessageOut, RecoverOut, RejectedMessageOut } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { listQuery } from '../clients/list-query';
import { MessageIngestService } from './message-ingest.service';

@Controller('api/v1/app/:app')
export class MessagesController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly services: ServiceClients,
  ) {}

  @Post('msg')
  create(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<MessageOut> {
    return this.ingest.accept(orgId, app, body);
  }

  @Get('msg')
  list(@OrgId() orgId: string, @Param('app') app: string, @Query() query: unknown): Promise<ListResponse<MessageOut>> {
    return this.services.attemptLog(AttemptLogOp.ListMessages, { orgId, app, list: listQuery(query) });
  }

  @Get('msg/:msg')
  get(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<MessageOut> {
    return this.services.attemptLog(AttemptLogOp.GetMessage, { orgId, app, msg });
  }

  @Post('msg/:msg/endpoint/:endpoint/resend')
  @HttpCode(202)
  async resend(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Param('endpoint') endpoint: string): Promise<object> {
    await this.services.attemptLog(AttemptLogOp.Resend, { orgId, app, msg, endpoint });
    return {};
  }

  @Post('endpoint/:endpoint/recover')
  @HttpCode(202)
  recover(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<RecoverOut> {
    return this.services.attemptLog(AttemptLogOp.Recover, { orgId, app, endpoint, body });
  }

  /** Hookline extension: messages published on NATS for this app that could not be accepted. */
  @Get('rejected-msg')
  rejected(@OrgId() orgId: string, @Param('app') app: string, @Query() query: unknown): Promise<RejectedMessageOut[]> {
    return this.services.attemptLog(AttemptLogOp.ListRejected, { orgId, app, list: listQuery(query) });
  }
}
