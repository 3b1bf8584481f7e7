import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { HooklineError } from '@hookline/contracts';
import { DEFAULT_ORG_ID, GatewayConfig } from '../config/gateway.config';

/** Routes that need no token (health, metrics). */
export const Public = () => SetMetadata('hookline:public', true);

/** Who is calling: every request is scoped to one org. */
export interface Principal {
  orgId: string;
}

export type AuthenticatedRequest = { headers: Record<string, string | string[] | undefined>; principal?: Principal };

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Checks `Authorization: Bearer <token>` and attaches the caller's org to the request. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly adminTokenDigest: Buffer;

  constructor(
    config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    this.adminTokenDigest = digest(config.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>('hookline:public', [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token || !timingSafeEqual(digest(token), this.adminTokenDigest)) throw HooklineError.unauthorized();
    request.principal = { orgId: DEFAULT_ORG_ID };
    return true;
  }
}
