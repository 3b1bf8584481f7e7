import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HooklineError } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';
import { Authenticator, Principal } from './authenticator';

/** Routes that need no token (health, metrics). */
export const Public = () => SetMetadata('hookline:public', true);

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once authenticated: by the idempotency hook, which runs first, or by the guard. */
    principal?: Principal;
  }
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
/** Reads that hand out what it takes to forge a webhook: not for read-only portal tokens. */
const PORTAL_SECRET = '/api/v1/app/:app/endpoint/:endpoint/secret';

/**
 * Lets through requests whose `Authorization` the Authenticator accepts, app-portal tokens only to
 * their own app, and attaches the caller to the request (public routes excepted).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: RegistryFollower,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>('hookline:public', [context.getHandler(), context.getClass()])) return true;
    if (context.getType() === 'rpc') {
      const metadata = context.switchToRpc().getContext<{ get(key: string): unknown[] }>();
      const principal = await this.authenticator.authenticate(metadata.get('authorization')[0] as string | undefined);
      if (principal.portal) throw new HooklineError(403, 'forbidden', 'app-portal tokens are for the REST API');
      grpcPrincipals.set(metadata, principal);
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The idempotency hook may have authenticated the caller before waiting for a first request:
    // the credential must still hold now.
    const principal = request.principal?.stillValid() ? request.principal : await this.authenticator.authenticate(request.headers.authorization);
    if (principal.portal) this.confineToApp(request, principal.orgId, principal.portal);
    request.principal = principal;
    return true;
  }

  /** A portal token reaches only routes of its own app (and reads event types); read-only ones only read. */
  private confineToApp(request: AuthenticatedRequest, orgId: string, portal: { appId: string; readOnly: boolean }): void {
    if (portal.readOnly && (request.method !== 'GET' || request.routeOptions?.url === PORTAL_SECRET)) {
      throw new HooklineError(403, 'forbidden', 'this portal token is read-only');
    }
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
}
