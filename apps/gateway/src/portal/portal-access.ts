import { Injectable } from '@nestjs/common';
import { RegistryFollower } from '@hookline/registry-model';
import { AppPortalAccessIn, AppPortalAccessOut, ApplicationOut, HooklineError, PORTAL_TOKEN_MAX_LIFETIME_SECONDS, RegistryOp, validateInput } from '@hookline/contracts';
import { Principal } from '../auth/authenticator';
import { PortalTokens } from '../auth/portal-tokens';
import { ServiceClients } from '../clients/service-clients';
import { GatewayConfig } from '../config/gateway.config';

/** App-portal access for an app's end customers: issuing tokens and expiring them, over REST and gRPC alike. */
@Injectable()
export class PortalAccess {
  constructor(
    private readonly services: ServiceClients,
    private readonly tokens: PortalTokens,
    private readonly config: GatewayConfig,
    private readonly registry: RegistryFollower,
  ) {}

  /** A token for the app and the portal link carrying it, on HOOKLINE_PUBLIC_URL or else `origin` (how the caller reached this gateway). */
  async grant(principal: Principal, appRef: string, body: unknown, origin: string): Promise<AppPortalAccessOut> {
    refusePortalTokens(principal);
    const input = validateInput(AppPortalAccessIn, body ?? {});
    const app = await this.services.registry<ApplicationOut>(RegistryOp.GetApp, { orgId: principal.orgId, app: appRef });
    const token = this.tokens.issue({
      orgId: principal.orgId,
      appId: app.id,
      readOnly: input.readOnly ?? false,
      exp: Math.floor(Date.now() / 1000) + (input.expiry ?? PORTAL_TOKEN_MAX_LIFETIME_SECONDS),
      iat: Date.now(),
      ...(input.sessionId ? { sid: input.sessionId } : {}),
    });
    // The token travels in the fragment, so it never reaches a server log.
    return { url: `${this.config.publicUrl ?? origin}/portal#token=${token}`, token };
  }

  /** Expires the app's portal tokens (those of `sessionIds` only, when given), after `expiry` seconds. */
  async expireAll(principal: Principal, appRef: string, body: unknown): Promise<void> {
    refusePortalTokens(principal);
    await this.services.registry(RegistryOp.ExpirePortalTokens, { orgId: principal.orgId, app: appRef, body });
    // This gateway refuses the tokens from the reply on; the others as soon as their views follow.
    await this.registry.catchUp();
  }
}

function refusePortalTokens(principal: Principal): void {
  if (principal.portal) throw new HooklineError(403, 'forbidden', 'a portal token cannot issue or expire portal tokens');
}
