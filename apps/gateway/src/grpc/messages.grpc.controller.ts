import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AttemptLogOp, ListResponse, MessageOut } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { MessageIngestService } from '../messages/message-ingest.service';
import { pageParams, parseJsonField, toPage } from './grpc-mapping';

type MessageInMessage = { eventType?: string; payloadJson?: string; eventId?: string; channels?: string[] };

function toMessage({ payload, ...message }: MessageOut) {
  return { ...message, payloadJson: JSON.stringify(payload) };
}

@Controller()
export class MessagesGrpcController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly services: ServiceClients,
  ) {}

  @GrpcMethod('Messages', 'Create')
  async create(request: { app: string; message?: MessageInMessage }, metadata: object) {
    const { payloadJson, ...message } = request.message ?? {};
    const body = { ...message, payload: parseJsonField(payloadJson, 'payload_json') };
    return toMessage(await this.ingest.accept(grpcPrincipal(metadata).orgId, request.app, body, { payloadJson }));
  }

  @GrpcMethod('Messages', 'Get')
  async get(request: { app: string; msg: string }, metadata: object) {
    return toMessage(await this.services.attemptLog(AttemptLogOp.GetMessage, { ...request, orgId: grpcPrincipal(metadata).orgId }));
  }

  @GrpcMethod('Messages', 'List')
  async list(request: { app: string; page?: { limit?: number; iterator?: string } }, metadata: object) {
    const list = await this.services.attemptLog<ListResponse<MessageOut>>(AttemptLogOp.ListMessages, { orgId: grpcPrincipal(metadata).orgId, app: request.app, list: pageParams(request.page) });
    return toPage(list, toMessage);
  }
}
