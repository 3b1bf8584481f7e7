import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { ApplicationOut, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { pageParams, toPage } from './grpc-mapping';

@Controller()
export class ApplicationsGrpcController {
  constructor(private readonly services: ServiceClients) {}

  @GrpcMethod('Applications', 'Create')
  async create(request: { application?: object; getIfExists?: boolean }, metadata: object): Promise<ApplicationOut> {
    const { orgId } = grpcPrincipal(metadata);
    const result = await this.services.registry<{ app: ApplicationOut }>(RegistryOp.CreateApp, { orgId, body: request.application ?? {}, getIfExists: request.getIfExists ?? false });
    return result.app;
  }

  @GrpcMethod('Applications', 'Get')
  get(request: { app: string }, metadata: object): Promise<ApplicationOut> {
    return this.services.registry(RegistryOp.GetApp, { orgId: grpcPrincipal(metadata).orgId, app: request.app });
  }

  @GrpcMethod('Applications', 'List')
  async list(request: { page?: { limit?: number; iterator?: string } }, metadata: object) {
    const list = await this.services.registry<ListResponse<ApplicationOut>>(RegistryOp.ListApps, { orgId: grpcPrincipal(metadata).orgId, list: pageParams(request.page) });
    return toPage(list);
  }

  @GrpcMethod('Applications', 'Update')
  async update(request: { app: string; application?: object }, metadata: object): Promise<ApplicationOut> {
    const body = request.application ?? {};
    return (await this.services.registry<Upserted<ApplicationOut>>(RegistryOp.UpdateApp, { orgId: grpcPrincipal(metadata).orgId, app: request.app, body })).value;
  }

  @GrpcMethod('Applications', 'Delete')
  async delete(request: { app: string }, metadata: object): Promise<object> {
    await this.services.registry(RegistryOp.DeleteApp, { orgId: grpcPrincipal(metadata).orgId, app: request.app });
    return {};
  }
}
