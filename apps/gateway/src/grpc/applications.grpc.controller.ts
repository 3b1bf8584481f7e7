import { Controller } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GrpcMethod } from '@nestjs/microservices';
import { AddressInfo } from 'node:net';
import { ServerUnaryCall } from '@grpc/grpc-js';
import { AppPortalAccessOut, ApplicationOut, ApplicationPatch, HooklineError, ListResponse, RegistryOp, Upserted } from '@hookline/contracts';
import { grpcPrincipal } from '../auth/auth.guard';
import { ServiceClients } from '../clients/service-clients';
import { GatewayConfig } from '../config/gateway.config';
import { PortalAccess } from '../portal/portal-access';
import { pageParams, patchBody, toPage } from './grpc-mapping';

@Controller()
export class ApplicationsGrpcController {
  constructor(
    private readonly services: ServiceClients,
    private readonly portalAccess: PortalAccess,
    private readonly http: HttpAdapterHost,
    private readonly config: GatewayConfig,
  ) {}

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

  @GrpcMethod('Applications', 'Patch')
  patch(request: { app: string; application?: Record<string, unknown>; updateMask?: { paths?: string[] } }, metadata: object): Promise<ApplicationOut> {
    const body = patchBody(ApplicationPatch, 'ApplicationIn', request.application, request.updateMask);
    return this.services.registry(RegistryOp.PatchApp, { orgId: grpcPrincipal(metadata).orgId, app: request.app, body });
  }

  @GrpcMethod('Applications', 'Delete')
  async delete(request: { app: string }, metadata: object): Promise<object> {
    await this.services.registry(RegistryOp.DeleteApp, { orgId: grpcPrincipal(metadata).orgId, app: request.app });
    return {};
  }

  /**
   * Without HOOKLINE_PUBLIC_URL the link can only be a guess: plain http, the host the caller
   * reached, the port the REST API listens on (the configured one until it listens).
   */
  @GrpcMethod('Applications', 'PortalAccess')
  portal({ app, ...body }: { app: string }, metadata: object, call: ServerUnaryCall<unknown, unknown>): Promise<AppPortalAccessOut> {
    const port = (this.http.httpAdapter.getHttpServer().address() as AddressInfo | null)?.port ?? this.config.port;
    const origin = `http://${new URL(`http://${call.getHost()}`).hostname}:${port}`;
    return this.portalAccess.grant(grpcPrincipal(metadata), app, body, origin);
  }

  @GrpcMethod('Applications', 'ExpirePortalTokens')
  async expirePortalTokens({ app, allSessions, ...body }: { app: string; sessionIds?: string[]; allSessions?: boolean }, metadata: object): Promise<object> {
    // Exactly one of the two (an empty session_ids arrives as none).
    if ((body.sessionIds !== undefined) === Boolean(allSessions)) {
      const msg = 'name the sessions in session_ids, or set all_sessions (not both) to expire every token of the app';
      throw HooklineError.validation([{ loc: ['body', 'session_ids'], msg, type: 'value_error' }]);
    }
    await this.portalAccess.expireAll(grpcPrincipal(metadata), app, body);
    return {};
  }
}
