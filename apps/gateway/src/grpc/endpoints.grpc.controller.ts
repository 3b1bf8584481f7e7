import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { AttemptLogOp, EndpointHeadersOut, EndpointOut, EndpointPatch, EndpointSecretOut, EndpointStatsOut, ListResponse, RecoverOut, RegistryOp, Upserted } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { pageParams, patchBody, toPage } from './grpc-mapping';

type EndpointRef = { app: string; endpoint: string };

@Controller()
export class EndpointsGrpcController {
  constructor(private readonly services: ServiceClients) {}

  @GrpcMethod('Endpoints', 'Create')
  create(request: { app: string; endpoint?: object }, metadata: object): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.CreateEndpoint, { orgId: grpcPrincipal(metadata).orgId, app: request.app, body: request.endpoint ?? {} });
  }

  @GrpcMethod('Endpoints', 'Get')
  get(request: EndpointRef, metadata: object): Promise<EndpointOut> {
    return this.services.registry(RegistryOp.GetEndpoint, { ...request, orgId: grpcPrincipal(metadata).orgId });
  }

  @GrpcMethod('Endpoints', 'List')
  async list(request: { app: string; page?: { limit?: number; iterator?: string } }, metadata: object) {
    const list = await this.services.registry<ListResponse<EndpointOut>>(RegistryOp.ListEndpoints, { orgId: grpcPrincipal(metadata).orgId, app: request.app, list: pageParams(request.page) });
    return toPage(list);
  }

  @GrpcMethod('Endpoints', 'Update')
  async update(request: EndpointRef & { body?: object }, metadata: object): Promise<EndpointOut> {
    const { app, endpoint, body = {} } = request;
    return (await this.services.registry<Upserted<EndpointOut>>(RegistryOp.UpdateEndpoint, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body })).value;
  }

  @GrpcMethod('Endpoints', 'Patch')
  patch(request: EndpointRef & { body?: Record<string, unknown>; updateMask?: { paths?: string[] } }, metadata: object): Promise<EndpointOut> {
    const { app, endpoint } = request;
    const body = patchBody(EndpointPatch, 'EndpointIn', request.body, request.updateMask);
    return this.services.registry(RegistryOp.PatchEndpoint, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body });
  }

  @GrpcMethod('Endpoints', 'Delete')
  async delete(request: EndpointRef, metadata: object): Promise<object> {
    await this.services.registry(RegistryOp.DeleteEndpoint, { ...request, orgId: grpcPrincipal(metadata).orgId });
    return {};
  }

  @GrpcMethod('Endpoints', 'GetSecret')
  secret(request: EndpointRef, metadata: object): Promise<EndpointSecretOut> {
    return this.services.registry(RegistryOp.GetEndpointSecret, { ...request, orgId: grpcPrincipal(metadata).orgId });
  }

  @GrpcMethod('Endpoints', 'RotateSecret')
  async rotateSecret(request: EndpointRef & { key?: string; keyType?: string }, metadata: object): Promise<object> {
    const { app, endpoint, ...body } = request;
    await this.services.registry(RegistryOp.RotateEndpointSecret, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body });
    return {};
  }

  @GrpcMethod('Endpoints', 'GetHeaders')
  headers(request: EndpointRef, metadata: object): Promise<EndpointHeadersOut> {
    return this.services.registry(RegistryOp.GetEndpointHeaders, { ...request, orgId: grpcPrincipal(metadata).orgId });
  }

  @GrpcMethod('Endpoints', 'UpdateHeaders')
  async updateHeaders(request: EndpointRef & { headers?: Record<string, string> }, metadata: object): Promise<object> {
    const { app, endpoint, headers = {} } = request;
    await this.services.registry(RegistryOp.UpdateEndpointHeaders, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body: { headers } });
    return {};
  }

  @GrpcMethod('Endpoints', 'PatchHeaders')
  async patchHeaders(request: EndpointRef & { headers?: Record<string, string>; remove?: string[] }, metadata: object): Promise<object> {
    const { app, endpoint, headers = {}, remove = [] } = request;
    // A gRPC map holds no nulls: the REST body's null (remove) comes from `remove`.
    const body = { headers: { ...headers, ...Object.fromEntries(remove.map((name) => [name, null])) } };
    await this.services.registry(RegistryOp.PatchEndpointHeaders, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body });
    return {};
  }

  @GrpcMethod('Endpoints', 'Stats')
  stats(request: EndpointRef, metadata: object): Promise<EndpointStatsOut> {
    return this.services.attemptLog(AttemptLogOp.EndpointStats, { ...request, orgId: grpcPrincipal(metadata).orgId });
  }

  @GrpcMethod('Endpoints', 'Recover')
  recover(request: EndpointRef & { since?: string; until?: string }, metadata: object): Promise<RecoverOut> {
    const { app, endpoint, ...body } = request;
    return this.services.attemptLog(AttemptLogOp.Recover, { orgId: grpcPrincipal(metadata).orgId, app, endpoint, body });
  }
}
