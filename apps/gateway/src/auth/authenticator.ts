import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { HooklineError, hashToken } from '@hookline/contracts';
import { RegistryFollower } from '@hookline/registry-model';
import { DEFAULT_ORG_ID, GatewayConfig } from '../config/gateway.config';
import { PortalTokens } from './portal-tokens';

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

/**
 * Turns `Authorization: Bearer <token>` into the caller: the bootstrap admin token, an org's API
 * key looked up by hash in the registry view, or an app-portal token. Throws 401 for anything else.
 */
@Injectable()
export class Authenticator {
  private readonly adminTokenHash: Buffer;

  constructor(
    config: GatewayConfig,
    private readonly registry: RegistryFollower,
    private readonly portalTokens: PortalTokens,
  ) {
    this.adminTokenHash = Buffer.from(hashToken(config.adminToken), 'hex');
  }

  async authenticate(header: string | string[] | undefined): Promise<Principal> {
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
