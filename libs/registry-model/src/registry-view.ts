import { ApiKeyState, ApplicationState, EndpointState, PortalTokenRevocation, RegistryEvent } from '@hookline/contracts';
import { isRevoked, mergeRevocations } from './portal-token-revocations';

/**
 * The registry as an in-memory projection of the REGISTRY stream, for services that look up apps
 * and endpoints on their hot path (gateway, router, dispatcher).
 */
export class RegistryView {
  private readonly apps = new Map<string, ApplicationState>();
  private readonly appIdByUid = new Map<string, string>();
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly endpointIdsByApp = new Map<string, Set<string>>();
  private readonly apiKeysByHash = new Map<string, ApiKeyState>();
  private readonly portalRevocationsByApp = new Map<string, PortalTokenRevocation[]>();

  /** Applies an event and returns the ids of the endpoints it changed or removed. */
  apply(event: RegistryEvent): string[] {
    switch (event.type) {
      case 'app.created':
      case 'app.updated':
        this.putApp(event.app);
        return [];
      case 'app.deleted':
        return this.removeApp(event.appId);
      case 'endpoint.created':
      case 'endpoint.updated':
      case 'endpoint.secret_rotated':
        this.putEndpoint(event.endpoint);
        return [event.endpoint.id];
      case 'endpoint.deleted':
        this.removeEndpoint(event.endpointId);
        return [event.endpointId];
      case 'api_key.created':
      case 'api_key.revoked':
        this.apiKeysByHash.set(event.apiKey.tokenHash, event.apiKey);
        return [];
      case 'app.portal_tokens_expired':
        this.portalRevocationsByApp.set(event.appId, mergeRevocations(this.portalRevocationsByApp.get(event.appId) ?? [], event.revocations));
        return [];
      default:
        // Event types do not affect routing or delivery.
        return [];
    }
  }

  allEndpoints(): EndpointState[] {
    return [...this.endpoints.values()];
  }

  /** An app of `orgId` by id or uid. */
  findApp(orgId: string, ref: string): ApplicationState | undefined {
    const app = this.apps.get(ref) ?? this.apps.get(this.appIdByUid.get(`${orgId}/${ref}`) ?? '');
    return app?.orgId === orgId ? app : undefined;
  }

  /** The API key with this token hash, revoked or not. */
  apiKey(tokenHash: string): ApiKeyState | undefined {
    return this.apiKeysByHash.get(tokenHash);
  }

  /** True when an app-portal token of `appId` issued at `issuedAt` (epoch ms) has been expired by `expire-all`. */
  portalTokenRevoked(appId: string, issuedAt: number, sessionId: string | null, now = Date.now()): boolean {
    return isRevoked(this.portalRevocationsByApp.get(appId) ?? [], issuedAt, sessionId, now);
  }

  endpoint(endpointId: string): EndpointState | undefined {
    return this.endpoints.get(endpointId);
  }

  endpointsOf(appId: string): EndpointState[] {
    return [...(this.endpointIdsByApp.get(appId) ?? [])].map((id) => this.endpoints.get(id)!);
  }

  private putApp(app: ApplicationState): void {
    const previous = this.apps.get(app.id);
    if (previous?.uid) this.appIdByUid.delete(`${previous.orgId}/${previous.uid}`);
    this.apps.set(app.id, app);
    if (app.uid) this.appIdByUid.set(`${app.orgId}/${app.uid}`, app.id);
  }

  private removeApp(appId: string): string[] {
    const app = this.apps.get(appId);
    if (!app) return [];
    if (app.uid) this.appIdByUid.delete(`${app.orgId}/${app.uid}`);
    const endpointIds = [...(this.endpointIdsByApp.get(appId) ?? [])];
    for (const endpointId of endpointIds) this.endpoints.delete(endpointId);
    this.endpointIdsByApp.delete(appId);
    this.portalRevocationsByApp.delete(appId);
    this.apps.delete(appId);
    return endpointIds;
  }

  private putEndpoint(endpoint: EndpointState): void {
    this.endpoints.set(endpoint.id, endpoint);
    const ids = this.endpointIdsByApp.get(endpoint.appId) ?? new Set<string>();
    ids.add(endpoint.id);
    this.endpointIdsByApp.set(endpoint.appId, ids);
  }

  private removeEndpoint(endpointId: string): void {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) return;
    this.endpoints.delete(endpointId);
    this.endpointIdsByApp.get(endpoint.appId)?.delete(endpointId);
  }
}
