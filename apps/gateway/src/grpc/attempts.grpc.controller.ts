import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AttemptLogOp, ListResponse, MessageAttemptOut } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { pageParams, toPage } from './grpc-mapping';

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
}
