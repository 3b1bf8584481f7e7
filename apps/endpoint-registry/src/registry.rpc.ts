import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Logger } from 'pino';
import { AppRequest, EndpointRequest, ListParams, OrgScoped, RegistryOp, listParamsOf } from '@hookline/contracts';
import { NatsClients, RpcServer } from '@hookline/messaging';
import { LOGGER } from '@hookline/observability';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApplicationsService } from './applications/applications.service';
import { EndpointsService } from './endpoints/endpoints.service';
import { EventTypesService } from './event-types/event-types.service';
import { PortalTokensService } from './portal-tokens/portal-tokens.service';

type WithBody = { body: unknown };
type EventTypeRequest = OrgScoped & { name: string };
type WithList = { list?: Partial<ListParams> };


/** The registry's request/reply surface: maps each operation to one service call. */
@Injectable()
export class RegistryRpc implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly server: RpcServer;
  private readonly handlers: [string, (request: any) => Promise<unknown>][];

  constructor(
    nats: NatsClients,
    @Inject(LOGGER) logger: Logger,
    private readonly applications: ApplicationsService,
    private readonly endpoints: EndpointsService,
    private readonly eventTypes: EventTypesService,
    private readonly apiKeys: ApiKeysService,
    private readonly portalTokens: PortalTokensService,
  ) {
    this.server = new RpcServer(nats.nc, 'endpoint-registry', logger);
    const subject = (op: string) => nats.names.rpc('registry', op);
    const handlers: Record<string, (request: any) => Promise<unknown>> = {
      [RegistryOp.CreateApp]: (r: OrgScoped & WithBody & { getIfExists?: boolean }) =>
        this.applications.create(r.orgId, r.body, r.getIfExists ?? false),
      [RegistryOp.GetApp]: (r: AppRequest) => this.applications.get(r.orgId, r.app),
      [RegistryOp.ListApps]: (r: OrgScoped & WithList) => this.applications.list(r.orgId, listParamsOf(r)),
      [RegistryOp.UpdateApp]: (r: AppRequest & WithBody) => this.applications.upsert(r.orgId, r.app, r.body),
      [RegistryOp.DeleteApp]: (r: AppRequest) => this.applications.delete(r.orgId, r.app),
      [RegistryOp.CreateEndpoint]: (r: AppRequest & WithBody) => this.endpoints.create(r.orgId, r.app, r.body),
      [RegistryOp.GetEndpoint]: (r: EndpointRequest) => this.endpoints.get(r.orgId, r.app, r.endpoint),
      [RegistryOp.ListEndpoints]: (r: AppRequest & WithList) => this.endpoints.list(r.orgId, r.app, listParamsOf(r)),
      [RegistryOp.UpdateEndpoint]: (r: EndpointRequest & WithBody) => this.endpoints.upsert(r.orgId, r.app, r.endpoint, r.body),
      [RegistryOp.DeleteEndpoint]: (r: EndpointRequest) => this.endpoints.delete(r.orgId, r.app, r.endpoint),
      [RegistryOp.GetEndpointSecret]: (r: EndpointRequest) => this.endpoints.getSecret(r.orgId, r.app, r.endpoint),
      [RegistryOp.PatchApp]: (r: AppRequest & WithBody) => this.applications.patch(r.orgId, r.app, r.body),
      [RegistryOp.PatchEndpoint]: (r: EndpointRequest & WithBody) => this.endpoints.patch(r.orgId, r.app, r.endpoint, r.body),
      [RegistryOp.RotateEndpointSecret]: (r: EndpointRequest & WithBody) => this.endpoints.rotateSecret(r.orgId, r.app, r.endpoint, r.body),
      [RegistryOp.GetEndpointHeaders]: (r: EndpointRequest) => this.endpoints.getHeaders(r.orgId, r.app, r.endpoint),
      [RegistryOp.UpdateEndpointHeaders]: (r: EndpointRequest & WithBody) => this.endpoints.setHeaders(r.orgId, r.app, r.endpoint, r.body, false),
      [RegistryOp.PatchEndpointHeaders]: (r: EndpointRequest & WithBody) => this.endpoints.setHeaders(r.orgId, r.app, r.endpoint, r.body, true),
      [RegistryOp.CreateEventType]: (r: OrgScoped & WithBody) => this.eventTypes.create(r.orgId, r.body),
      [RegistryOp.GetEventType]: (r: EventTypeRequest) => this.eventTypes.get(r.orgId, r.name),
      [RegistryOp.ListEventTypes]: (r: OrgScoped & WithList & { includeArchived?: boolean }) =>
        this.eventTypes.list(r.orgId, listParamsOf(r), r.includeArchived ?? false),
      [RegistryOp.UpdateEventType]: (r: EventTypeRequest & WithBody) => this.eventTypes.upsert(r.orgId, r.name, r.body),
      [RegistryOp.PatchEventType]: (r: EventTypeRequest & WithBody) => this.eventTypes.patch(r.orgId, r.name, r.body),
      [RegistryOp.DeleteEventType]: (r: EventTypeRequest & { expunge?: boolean }) => this.eventTypes.delete(r.orgId, r.name, r.expunge ?? false),
      [RegistryOp.CreateApiKey]: (r: OrgScoped & WithBody & { superuser?: boolean }) => this.apiKeys.create(r.orgId, r.superuser ?? false, r.body),
      [RegistryOp.ListApiKeys]: (r: OrgScoped) => this.apiKeys.list(r.orgId),
      [RegistryOp.RevokeApiKey]: (r: OrgScoped & { id: string }) => this.apiKeys.revoke(r.orgId, r.id),
      [RegistryOp.ExpirePortalTokens]: (r: AppRequest & WithBody) => this.portalTokens.expireAll(r.orgId, r.app, r.body),
      [RegistryOp.DisableEndpoint]: (r: EndpointRequest) => this.endpoints.disable(r.orgId, r.app, r.endpoint),
    };
    this.handlers = Object.entries(handlers).map(([op, handler]) => [subject(op), handler]);
  }

  /** Runs after every onModuleInit, so the projection has caught up before the first request. */
  onApplicationBootstrap(): void {
    for (const [subject, handler] of this.handlers) this.server.handle(subject, handler);
  }

  async onModuleDestroy(): Promise<void> {
    await this.server.stop();
  }
}
