import { PORTAL_TOKEN_MAX_LIFETIME_SECONDS, PortalTokenRevocation } from '@hookline/contracts';

/** App-portal tokens live at most this long, so a revocation of tokens issued earlier is moot. */
const PORTAL_TOKEN_MAX_LIFETIME_MS = PORTAL_TOKEN_MAX_LIFETIME_SECONDS * 1000;

/**
 * Adds new revocations to an app's list and drops the ones that no longer matter: those covering
 * only tokens that have expired anyway, and those another revocation of the same or a wider scope
 * makes redundant (from now on it revokes at least the same tokens, no later). A revocation is
 * compared only with those of its own session and the app-wide ones, so thousands of session
 * logouts stay cheap to fold.
 */
export function mergeRevocations(current: PortalTokenRevocation[], added: PortalTokenRevocation[], now = Date.now()): PortalTokenRevocation[] {
  const live = [...current, ...added].filter((revocation) => revocation.issuedBefore > now - PORTAL_TOKEN_MAX_LIFETIME_MS);
  const bySession = new Map<string | null, { revocation: PortalTokenRevocation; index: number }[]>();
  live.forEach((revocation, index) => {
    const group = bySession.get(revocation.sessionId) ?? [];
    group.push({ revocation, index });
    bySession.set(revocation.sessionId, group);
  });
  const appWide = bySession.get(null) ?? [];
  return live.filter((revocation, index) => {
    const rivals = revocation.sessionId === null ? appWide : [...(bySession.get(revocation.sessionId) ?? []), ...appWide];
    return !rivals.some(
      (other) =>
        other.index !== index &&
        covers(other.revocation, revocation, now) &&
        // Of two equivalent revocations, keep the first.
        (!covers(revocation, other.revocation, now) || other.index < index),
    );
  });
}

/** True when a token issued at `issuedAt` (epoch ms), with this session id, is revoked at `now`. */
export function isRevoked(revocations: PortalTokenRevocation[], issuedAt: number, sessionId: string | null, now = Date.now()): boolean {
  return revocations.some(
    (revocation) =>
      (revocation.sessionId === null || revocation.sessionId === sessionId) && issuedAt < revocation.issuedBefore && now >= revocation.effectiveAt,
  );
}

/** From `now` on, `a` revokes every token `b` does, at the same time or sooner. */
function covers(a: PortalTokenRevocation, b: PortalTokenRevocation, now: number): boolean {
  const scope = a.sessionId === null || a.sessionId === b.sessionId;
  return scope && a.issuedBefore >= b.issuedBefore && Math.max(a.effectiveAt, now) <= Math.max(b.effectiveAt, now);
}
