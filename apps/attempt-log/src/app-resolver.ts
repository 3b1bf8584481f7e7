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

  /**
   * The app's endpoints with these ids, by id; ids of endpoints deleted since are left out. The
   * view catches up (a stream round trip) at most once, only when some id is unknown to it.
   */
  async endpointsById(app: ApplicationState, ids: string[]): Promise<Map<string, EndpointState>> {
    const wanted = new Set(ids);
    const lookUp = () => new Map(this.registry.view.endpointsOf(app.id).filter((endpoint) => wanted.has(endpoint.id)).map((endpoint) => [endpoint.id, endpoint]));
    const found = lookUp();
    if (found.size === wanted.size) return found;
    await this.registry.catchUp();
    return lookUp();
  }

  async requireEndpoint(orgId: string, appRef: string, endpointRef: string): Promise<EndpointState> {
    const app = await this.require(orgId, appRef);
    const find = () => this.registry.view.endpointsOf(app.id).find((endpoint) => endpoint.id === endpointRef || endpoint.uid === endpointRef);
    const endpoint = find() ?? (await this.registry.catchUp(), find());
    if (!endpoint) throw HooklineError.notFound('Endpoint');
    return endpoint;
  }
}
