import { Injectable } from '@nestjs/common';
import { ApplicationState, EndpointState, HooklineError } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';

/** Resolves the app and endpoint refs of a query (id or uid) within the caller's org. */
@Injectable()
export class AppResolver {
  constructor(private readonly registry: RegistryFollower) {}

  async require(orgId: string, appRef: string): Promise<ApplicationState> {
    const app = await this.registry.findApp(orgId, appRef);
    if (!app) throw HooklineError.notFound('Application');
    return app;
  }

  async requireEndpoint(orgId: string, appRef: string, endpointRef: string): Promise<EndpointState> {
    const app = await this.require(orgId, appRef);
    const find = () => this.registry.view.endpointsOf(app.id).find((endpoint) => endpoint.id === endpointRef || endpoint.uid === endpointRef);
    const endpoint = find() ?? (await this.registry.catchUp(), find());
    if (!endpoint) throw HooklineError.notFound('Endpoint');
    return endpoint;
  }
}
