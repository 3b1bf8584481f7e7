import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AttemptLogOp,
  EndpointMessageOut,
  EndpointStatsOut,
  HttpErrorOut,
  ListQuery,
  ListResponse,
  MessageAttemptOut,
  MessageEndpointOut,
  MessageIn,
  MESSAGE_CREATED_STATUS,
  MessageListQuery,
  MessageOut,
  RecoverIn,
  RecoverOut,
  RejectedMessageOut,
  SendExampleIn,
  jsonMemberBytes,
} from '@hookline/contracts';
import { OrgId } from '../auth/org-id.decorator';
import { ServiceClients } from '../clients/service-clients';
import { listQuery, messageListQuery } from '../clients/list-query';
import { HeldIdempotency } from '../idempotency/held-idempotency-key.decorator';
import { HeldIdempotencyKey } from '../idempotency/idempotency.hooks';
import { ApiAuthenticated, ApiList } from '../openapi/api-decorators';
import { RawJsonBody } from '../validation/json-bodies';
import { MessageIngestService } from './message-ingest.service';
import { SendExampleService } from './send-example.service';

@ApiAuthenticated()
@Controller('api/v1/app/:app')
export class MessagesController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly examples: SendExampleService,
    private readonly services: ServiceClients,
  ) {}

  @Post('msg')
  @ApiTags('Message')
  @ApiBody({ type: MessageIn })
  @HttpCode(MESSAGE_CREATED_STATUS)
  @ApiCreatedResponse({ type: MessageOut, description: 'Accepted: durable in JetStream' })
  @ApiResponse({ status: 503, type: HttpErrorOut, description: 'The message log is too far behind to check that the eventId is unused; retry shortly' })
  create(
    @OrgId() orgId: string,
    @Param('app') app: string,
    @Body() body: unknown,
    @RawJsonBody() rawBody?: string,
    @HeldIdempotency() idempotency?: HeldIdempotencyKey,
  ): Promise<MessageOut> {
    const payload = rawBody === undefined ? undefined : jsonMemberBytes(Buffer.from(rawBody), 'payload');
    return this.ingest.accept(orgId, app, body, { payloadJson: payload && Buffer.from(payload).toString(), idempotency });
  }

  @Get('msg')
  @ApiTags('Message')
  @ApiList(MessageOut)
  list(@OrgId() orgId: string, @Param('app') app: string, @Query() query: MessageListQuery): Promise<ListResponse<MessageOut>> {
    return this.services.attemptLog(AttemptLogOp.ListMessages, { orgId, app, ...messageListQuery(query) });
  }

  @Get('msg/:msg')
  @ApiTags('Message')
  @ApiOkResponse({ type: MessageOut })
  get(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<MessageOut> {
    return this.services.attemptLog(AttemptLogOp.GetMessage, { orgId, app, msg });
  }

  @Delete('msg/:msg/content')
  @HttpCode(204)
  @ApiTags('Message')
  @ApiNoContentResponse({ description: 'The payload is deleted; the message and its attempts stay' })
  async deleteContent(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<void> {
    await this.services.attemptLog(AttemptLogOp.DeleteContent, { orgId, app, msg });
  }

  @Get('msg/:msg/attempt/:attempt')
  @ApiTags('Message Attempt')
  @ApiOkResponse({ type: MessageAttemptOut })
  attempt(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Param('attempt') attempt: string): Promise<MessageAttemptOut> {
    return this.services.attemptLog(AttemptLogOp.GetAttempt, { orgId, app, msg, attempt });
  }

  /** The endpoints a message went to, with its status at each. */
  @Get('msg/:msg/endpoint')
  @ApiTags('Message Attempt')
  @ApiList(MessageEndpointOut)
  destinations(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string): Promise<ListResponse<MessageEndpointOut>> {
    return this.services.attemptLog(AttemptLogOp.MessageDestinations, { orgId, app, msg });
  }

  /** The messages that went to an endpoint, with their status there. */
  @Get('endpoint/:endpoint/msg')
  @ApiTags('Message Attempt')
  @ApiList(EndpointMessageOut)
  endpointMessages(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Query() query: ListQuery): Promise<ListResponse<EndpointMessageOut>> {
    return this.services.attemptLog(AttemptLogOp.EndpointMessages, { orgId, app, endpoint, list: listQuery(query) });
  }

  @Get('endpoint/:endpoint/stats')
  @ApiTags('Endpoint')
  @ApiOkResponse({ type: EndpointStatsOut })
  stats(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string): Promise<EndpointStatsOut> {
    return this.services.attemptLog(AttemptLogOp.EndpointStats, { orgId, app, endpoint });
  }

  @Post('endpoint/:endpoint/send-example')
  @ApiTags('Endpoint')
  @ApiBody({ type: SendExampleIn })
  @ApiCreatedResponse({ type: MessageOut })
  sendExample(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<MessageOut> {
    return this.examples.send(orgId, app, endpoint, body);
  }

  @Post('msg/:msg/endpoint/:endpoint/resend')
  @HttpCode(202)
  @ApiTags('Message Attempt')
  @ApiAcceptedResponse({ schema: { type: 'object' }, description: 'The message is queued for the endpoint again' })
  async resend(@OrgId() orgId: string, @Param('app') app: string, @Param('msg') msg: string, @Param('endpoint') endpoint: string): Promise<object> {
    await this.services.attemptLog(AttemptLogOp.Resend, { orgId, app, msg, endpoint });
    return {};
  }

  @Post('endpoint/:endpoint/recover')
  @HttpCode(202)
  @ApiTags('Endpoint')
  @ApiBody({ type: RecoverIn })
  @ApiAcceptedResponse({ type: RecoverOut })
  recover(@OrgId() orgId: string, @Param('app') app: string, @Param('endpoint') endpoint: string, @Body() body: unknown): Promise<RecoverOut> {
    return this.services.attemptLog(AttemptLogOp.Recover, { orgId, app, endpoint, body });
  }

  /** Hookline extension: messages published on NATS for this app that could not be accepted. */
  @Get('rejected-msg')
  @ApiTags('Message')
  @ApiOkResponse({ type: [RejectedMessageOut] })
  rejected(@OrgId() orgId: string, @Param('app') app: string, @Query() query: ListQuery): Promise<RejectedMessageOut[]> {
    return this.services.attemptLog(AttemptLogOp.ListRejected, { orgId, app, list: listQuery(query) });
  }
}
