import { Injectable } from '@nestjs/common';
import { ApplicationTokenExpireIn, PortalTokenRevocation, validateInput } from '@hookline/contracts';
import { ApplicationsService } from '../applications/applications.service';
import { RegistryEventStore } from '../events/registry-event-store';
import { retryOnConflict } from '../events/retry-on-conflict';

/**
 * Expires an app's portal tokens. The tokens are self-contained, so this records "tokens issued
 * before now stop working at now + expiry" on REGISTRY, where every gateway's view picks it up.
 */
@Injectable()
export class PortalTokensService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly events: RegistryEventStore,
  ) {}

  async expireAll(orgId: string, appRef: string, body: unknown): Promise<void> {
    const input = validateInput(ApplicationTokenExpireIn, body ?? {});
    const app = await this.applications.require(orgId, appRef);
    const now = Date.now();
    const effectiveAt = now + (input.expiry ?? 0) * 1000;
    const revocations: PortalTokenRevocation[] = input.sessionIds?.length
      ? [...new Set(input.sessionIds)].map((sessionId) => ({ sessionId, issuedBefore: now, effectiveAt }))
      : [{ sessionId: null, issuedBefore: now, effectiveAt }];
    // Each event carries only its own revocations (the views fold them), so events stay small
    // however many sessions log out; a concurrent expire-all only moves the expected sequence.
    await retryOnConflict(async () => {
      const last = await this.events.latest(orgId, 'portal-tokens', app.id);
      await this.events.append(orgId, 'portal-tokens', app.id, { type: 'app.portal_tokens_expired', orgId, appId: app.id, revocations }, last?.seq ?? 0);
    });
  }
}
