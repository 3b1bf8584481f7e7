import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { HooklineError, hashToken } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';
import { DEFAULT_ORG_ID, GatewayConfig } from '../config/gateway.config';

/** Routes that need no token (health, metrics). */
export const Public = () => SetMetadata('hookline:public', true);

/** Who is calling: every request is scoped to one org. */
export interface Principal {
  orgId: string;
  /** The bootstrap admin (HOOKLINE_ADMIN_TOKEN), who may also create orgs. */
  superuser: boolean;
}

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; principal?: Principal };

/**
 * Checks `Authorization: Bearer <token>`: the bootstrap admin token, or an org's API key looked
 * up by hash in the registry view. Attaches the caller's org to the request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminTokenHash: Buffer;

  constructor(
    config: GatewayConfig,
    private readonly reflector: Reflector,
    private readonly registry: RegistryFollower,
  ) {
    this.adminTokenHash = Buffer.from(hashToken(config.adminToken), 'hex');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>('hookline:public', [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticate(request.headers.authorization);
    return true;
  }

  private async authenticate(header: string | string[] | undefined): Promise<Principal> {
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token) throw HooklineError.unauthorized();
    const hash = hashToken(token);
    if (timingSafeEqual(Buffer.from(hash, 'hex'), this.adminTokenHash)) return { orgId: DEFAULT_ORG_ID, superuser: true };
    // A key created a moment ago, possibly through another gateway, may not be in this view yet.
    const apiKey = this.registry.view.apiKey(hash) ?? (await this.registry.catchUp(), this.registry.view.apiKey(hash));
    if (!apiKey || apiKey.revoked) throw HooklineError.unauthorized();
    return { orgId: apiKey.orgId, superuser: false };
  }
}
