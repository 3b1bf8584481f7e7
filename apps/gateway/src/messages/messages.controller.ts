import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AttemptLogOp, ListResponse, MessageAttemptOut, MessageOut, RecoverOut, RejectedMessageOut } from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { listQuery, messageListQuery } from '../clients/list-query';
import { MessageIngestService } from './message-ingest.service';
import { SendExampleService } from './send-example.service';

@Controller('api/v1/app/:app')
export class MessagesController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly examples: SendExampleService,
    private readonly services: ServiceClients,
  ) {}

  @Post('msg')
  create(@OrgId() orgId: string, @Param('app') app: string, @Body() body: unknown): Promise<MessageOut> {
    return this.ingest.accept(orgId, app, body);
  }

  @Get('msg')
  list(@OrgId() orgId: string, @Param('app') app: string, @Query() query: unknown): Promise<ListResponse<MessageOut>> {
    return this.services.attemptLog(AttemptLogOp.ListMessages, { orgId, app, ...messageListQuery(query) });
  }

  @Get('msg/:msg')
  get(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<MessageOut> {
    return this.services.attemptLog(AttemptLogOp.GetMessage, { orgId, app, msg });
  }

  @Delete('msg/:msg/content')
  @HttpCode(204)
  async deleteContent(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<void> {
    await this.services.attemptLog(AttemptLogOp.DeleteContent, { orgId, app, msg });
  }

  @Get('msg/:msg/attempt/:attempt')
  attempt(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Param('attempt') attempt: string): Promise<MessageAttemptOut> {
    return this.services.attemptLog(AttemptLogOp.GetAttempt, { orgId, app, msg, attempt });
  }

  /** The endpoints a message went to, with its status at each. */
  @Get('msg/:msg/endpoint')
  destinations(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<ListResponse<object>> {
    return this.services.attemptLog(AttemptLogOp.MessageDestinations, { orgId, app, msg });
  }

  /** The messages that went to an endpoint, with their status there. */
  @Get('endpoint/:endpoint/msg')
  endpointMessages(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Query() query: unknown): Promise<ListResponse<object>> {
    return this.services.attemptLog(AttemptLogOp.EndpointMessages, { orgId, app, endpoint, list: listQuery(query) });
  }

  @Get('endpoint/:endpoint/stats')
  stats(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<object> {
    return this.services.attemptLog(AttemptLogOp.EndpointStats, { orgId, app, endpoint });
  }

  @Post('endpoint/:endpoint/send-example')
  sendExample(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<MessageOut> {
    return this.examples.send(orgId, app, endpoint, body);
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
