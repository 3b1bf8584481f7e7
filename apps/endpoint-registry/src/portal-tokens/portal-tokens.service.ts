import { Injectable } from '@nestjs/common';
import { ApplicationTokenExpireIn, PortalTokenRevocation, validateInput } from '@hookline/contracts';
import { mergeRevocations } from '@hookline/registry-model';
import { ApplicationsService } from '../applications/applications.service';
import { RegistryEventStore } from '../events/registry-event-store';

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
    const added: PortalTokenRevocation[] = input.sessionIds?.length
      ? [...new Set(input.sessionIds)].map((sessionId) => ({ sessionId, issuedBefore: now, effectiveAt }))
      : [{ sessionId: null, issuedBefore: now, effectiveAt }];
    const last = await this.events.latest(orgId, 'portal-tokens', app.id);
    const current = last?.event.type === 'app.portal_tokens_expired' ? last.event.revocations : [];
    const revocations = mergeRevocations(current, added, now);
    await this.events.append(orgId, 'portal-tokens', app.id, { type: 'app.portal_tokens_expired', orgId, appId: app.id, revocations }, last?.seq ?? 0);
  }
}
