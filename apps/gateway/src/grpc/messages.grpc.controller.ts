import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AttemptLogOp, ListResponse, MessageOut } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { MessageIngestService } from '../messages/message-ingest.service';
import { SendExampleService } from '../messages/send-example.service';
import { pageParams, parseJsonField, toGrpcMessage, toPage } from './grpc-mapping';

type MessageInMessage = { eventType?: string; payloadJson?: string; eventId?: string; channels?: string[] };

@Controller()
export class MessagesGrpcController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly examples: SendExampleService,
    private readonly services: ServiceClients,
  ) {}

  @GrpcMethod('Messages', 'Create')
  async create(request: { app: string; message?: MessageInMessage }, metadata: object) {
    const { payloadJson, ...message } = request.message ?? {};
    const body = { ...message, payload: parseJsonField(payloadJson, 'payload_json') };
    return toGrpcMessage(await this.ingest.accept(grpcPrincipal(metadata).orgId, request.app, body, { payloadJson }));
  }

  @GrpcMethod('Messages', 'Get')
  async get(request: { app: string; msg: string }, metadata: object) {
    return toGrpcMessage(await this.services.attemptLog(AttemptLogOp.GetMessage, { ...request, orgId: grpcPrincipal(metadata).orgId }));
  }

  @GrpcMethod('Messages', 'List')
  async list(request: { app: string; page?: { limit?: number; iterator?: string } }, metadata: object) {
    const list = await this.services.attemptLog<ListResponse<MessageOut>>(AttemptLogOp.ListMessages, { orgId: grpcPrincipal(metadata).orgId, app: request.app, list: pageParams(request.page) });
    return toPage(list, toGrpcMessage);
  }

  @GrpcMethod('Messages', 'DeleteContent')
  async deleteContent(request: { app: string; msg: string }, metadata: object): Promise<object> {
    await this.services.attemptLog(AttemptLogOp.DeleteContent, { ...request, orgId: grpcPrincipal(metadata).orgId });
    return {};
  }

  @GrpcMethod('Messages', 'SendExample')
  async sendExample(request: { app: string; endpoint: string; eventType?: string; exampleIndex?: number; payloadJson?: string }, metadata: object) {
    const { app, endpoint, payloadJson, ...body } = request;
    const payload = parseJsonField(payloadJson, 'payload_json');
    return toGrpcMessage(await this.examples.send(grpcPrincipal(metadata).orgId, app, endpoint, { ...body, ...(payload === undefined ? {} : { payload }) }));
  }
}
