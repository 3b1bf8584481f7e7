import { PortalTokenRevocation } from '@hookline/contracts';
import { PORTAL_TOKEN_MAX_LIFETIME_SECONDS } from '@hookline/contracts';
import { isRevoked, mergeRevocations } from './portal-token-revocations';

const revocation = (overrides: Partial<PortalTokenRevocation> = {}): PortalTokenRevocation => ({ sessionId: null, issuedBefore: 1000, effectiveAt: 1000, ...overrides });

describe('portal token revocations', () => {
  const now = 10_000;

  it('revokes tokens issued before the watermark once the grace period is over', () => {
    const revocations = [revocation({ issuedBefore: 5000, effectiveAt: 8000 })];
    expect(isRevoked(revocations, 4999, null, 7999)).toBe(false);
    expect(isRevoked(revocations, 4999, null, 8000)).toBe(true);
    expect(isRevoked(revocations, 5000, null, 9000)).toBe(false);
  });

  it('limits a session revocation to that session', () => {
    const revocations = [revocation({ sessionId: 'user_1', issuedBefore: 5000 })];
    expect(isRevoked(revocations, 10, 'user_1', now)).toBe(true);
    expect(isRevoked(revocations, 10, 'user_2', now)).toBe(false);
    expect(isRevoked(revocations, 10, null, now)).toBe(false);
  });

  it('keeps every revocation that still matters and drops redundant or moot ones', () => {
    const older = revocation({ issuedBefore: 4000, effectiveAt: 4000 });
    const withGrace = revocation({ issuedBefore: 6000, effectiveAt: 9000 });
    const session = revocation({ sessionId: 'user_1', issuedBefore: 5000, effectiveAt: 5000 });
    expect(mergeRevocations([older, session], [withGrace], 3000)).toEqual([older, session, withGrace]);
    expect(mergeRevocations([older, session], [withGrace], 9000)).toEqual([withGrace]);
    const immediate = revocation({ issuedBefore: 7000, effectiveAt: 7000 });
    expect(mergeRevocations([older, session, withGrace], [immediate], now)).toEqual([immediate]);
    expect(mergeRevocations([immediate], [immediate], now)).toEqual([immediate]);
    expect(mergeRevocations([older], [], PORTAL_TOKEN_MAX_LIFETIME_SECONDS * 1000 + 4000)).toEqual([]);
  });
});

describe('folding many session revocations', () => {
  it('stays linear in the number of sessions and keeps each one', () => {
    const sessions = Array.from({ length: 20_000 }, (_, index) => revocation({ sessionId: `user_${index}`, issuedBefore: 5000 + index, effectiveAt: 5000 + index }));
    let folded: PortalTokenRevocation[] = [];
    for (let start = 0; start < sessions.length; start += 1000) folded = mergeRevocations(folded, sessions.slice(start, start + 1000), 30_000);
    expect(folded).toHaveLength(sessions.length);
    expect(isRevoked(folded, 10, 'user_19999', 30_000)).toBe(true);
    expect(isRevoked(folded, 10, 'user_20000', 30_000)).toBe(false);
    const appWide = revocation({ issuedBefore: 40_000, effectiveAt: 40_000 });
    expect(mergeRevocations(folded, [appWide], 40_000)).toEqual([appWide]);
  });
});
