import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AttemptLogOp, EndpointMessageOut, ListResponse, MessageAttemptOut, MessageEndpointOut } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { pageParams, toGrpcMessage, toPage } from './grpc-mapping';

type Page = { page?: { limit?: number; iterator?: string } };

@Controller()
export class AttemptsGrpcController {
  constructor(private readonly services: ServiceClients) {}

  @GrpcMethod('Attempts', 'ListByEndpoint')
  async byEndpoint(request: Page & { app: string; endpoint: string }, metadata: object) {
    const { page, ...refs } = request;
    return toPage(await this.services.attemptLog<ListResponse<MessageAttemptOut>>(AttemptLogOp.ListAttemptsByEndpoint, { ...refs, orgId: grpcPrincipal(metadata).orgId, list: pageParams(page) }));
  }

  @GrpcMethod('Attempts', 'ListByMessage')
  async byMessage(request: Page & { app: string; msg: string }, metadata: object) {
    const { page, ...refs } = request;
    return toPage(await this.services.attemptLog<ListResponse<MessageAttemptOut>>(AttemptLogOp.ListAttemptsByMessage, { ...refs, orgId: grpcPrincipal(metadata).orgId, list: pageParams(page) }));
  }

  @GrpcMethod('Attempts', 'Resend')
  async resend(request: { app: string; msg: string; endpoint: string }, metadata: object): Promise<object> {
    await this.services.attemptLog(AttemptLogOp.Resend, { ...request, orgId: grpcPrincipal(metadata).orgId });
    return {};
  }

  @GrpcMethod('Attempts', 'Get')
  get(request: { app: string; msg: string; attempt: string }, metadata: object): Promise<MessageAttemptOut> {
    return this.services.attemptLog(AttemptLogOp.GetAttempt, { ...request, orgId: grpcPrincipal(metadata).orgId });
  }

  @GrpcMethod('Attempts', 'ListMessageDestinations')
  async destinations(request: { app: string; msg: string }, metadata: object) {
    const list = await this.services.attemptLog<ListResponse<MessageEndpointOut>>(AttemptLogOp.MessageDestinations, { ...request, orgId: grpcPrincipal(metadata).orgId });
    return toPage(list, ({ nextAttempt, ...destination }) => ({ ...destination, nextAttempt: nextAttempt ?? '' }));
  }

  @GrpcMethod('Attempts', 'ListEndpointMessages')
  async endpointMessages(request: Page & { app: string; endpoint: string }, metadata: object) {
    const { page, ...refs } = request;
    const list = await this.services.attemptLog<ListResponse<EndpointMessageOut>>(AttemptLogOp.EndpointMessages, { ...refs, orgId: grpcPrincipal(metadata).orgId, list: pageParams(page) });
    return toPage(list, ({ status, nextAttempt, ...message }) => ({ message: toGrpcMessage(message), status, nextAttempt: nextAttempt ?? '' }));
  }
}
