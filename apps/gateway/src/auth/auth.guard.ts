import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { HooklineError, hashToken } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';
import { DEFAULT_ORG_ID, GatewayConfig } from '../config/gateway.config';
import { PortalTokens } from './portal-tokens';

/** Routes that need no token (health, metrics). */
export const Public = () => SetMetadata('hookline:public', true);

/** Who is calling: every request is scoped to one org. */
export interface Principal {
  orgId: string;
  /** The bootstrap admin (HOOKLINE_ADMIN_TOKEN), who may also create orgs. */
  superuser: boolean;
  /** Set for app-portal tokens: the one app they may see. */
  portal?: { appId: string; readOnly: boolean };
  /** Whether the credential still holds (not expired, revoked or deleted since): for long-lived responses such as the SSE feed. */
  stillValid: () => boolean;
}

export type AuthenticatedRequest = {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  routeOptions?: { url?: string };
  principal?: Principal;
};

/** Principals of gRPC calls, keyed by the call's metadata (what gRPC handlers receive). */
const grpcPrincipals = new WeakMap<object, Principal>();

export function grpcPrincipal(metadata: object): Principal {
  return grpcPrincipals.get(metadata)!;
}

/** Routes outside an app that a portal token may read. */
const PORTAL_READABLE = new Set(['/api/v1/event-type']);
/** What a portal token may change: its app's endpoints, and resending to them. */
const PORTAL_WRITABLE = /^\/api\/v1\/app\/:app\/(endpoint|msg\/:msg\/endpoint\/:endpoint\/resend)/;

/**
 * Checks `Authorization: Bearer <token>`: the bootstrap admin token, an org's API key looked up by
 * hash in the registry view, or an app-portal token confined to its app. Attaches the caller's org
 * to the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminTokenHash: Buffer;

  constructor(
    config: GatewayConfig,
    private readonly reflector: Reflector,
    private readonly registry: RegistryFollower,
    private readonly portalTokens: PortalTokens,
  ) {
    this.adminTokenHash = Buffer.from(hashToken(config.adminToken), 'hex');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>('hookline:public', [context.getHandler(), context.getClass()])) return true;
    if (context.getType() === 'rpc') {
      const metadata = context.switchToRpc().getContext<{ get(key: string): unknown[] }>();
      const principal = await this.authenticate(metadata.get('authorization')[0] as string | undefined);
      if (principal.portal) throw new HooklineError(403, 'forbidden', 'app-portal tokens are for the REST API');
      grpcPrincipals.set(metadata, principal);
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    if (principal.portal) this.confineToApp(request, principal.orgId, principal.portal);
    request.principal = principal;
    return true;
  }

  /** A portal token reaches only routes of its own app (and reads event types); read-only ones only read. */
  private confineToApp(request: AuthenticatedRequest, orgId: string, portal: { appId: string; readOnly: boolean }): void {
    if (portal.readOnly && request.method !== 'GET') throw new HooklineError(403, 'forbidden', 'this portal token is read-only');
    const appRef = request.params?.app;
    if (appRef === undefined) {
      if (request.method === 'GET' && PORTAL_READABLE.has(request.routeOptions?.url ?? '')) return;
      throw new HooklineError(403, 'forbidden', 'an app-portal token gives access to its application only');
    }
    if (this.registry.view.findApp(orgId, appRef)?.id !== portal.appId) throw HooklineError.notFound('Application');
    if (request.method !== 'GET' && !PORTAL_WRITABLE.test(request.routeOptions?.url ?? '')) {
      throw new HooklineError(403, 'forbidden', 'an app-portal token can change only the application\'s endpoints');
    }
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token) throw HooklineError.unauthorized();
    if (PortalTokens.looksLikeOne(token)) {
      const claims = this.portalTokens.verify(token);
      if (!claims) throw HooklineError.unauthorized('Invalid or expired app-portal token');
      const revoked = () => this.registry.view.portalTokenRevoked(claims.appId, claims.iat ?? 0, claims.sid ?? null);
      if (revoked()) throw HooklineError.unauthorized('This app-portal token has been expired');
      const stillValid = () => Date.now() < claims.exp * 1000 && !revoked();
      return { orgId: claims.orgId, superuser: false, portal: { appId: claims.appId, readOnly: claims.readOnly }, stillValid };
    }
    const hash = hashToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminTokenHash)) return { orgId: DEFAULT_ORG_ID, superuser: true, stillValid: () => true };
    // A key created a moment ago, possibly through another gateway, may not be in this view yet.
    const apiKey = this.registry.view.apiKey(hash) ?? (await this.registry.catchUp(), this.registry.view.apiKey(hash));
    if (!apiKey || apiKey.revoked) throw HooklineError.unauthorized();
    return { orgId: apiKey.orgId, superuser: false, stillValid: () => this.registry.view.apiKey(hash)?.revoked === false };
  }
}
