import { describe, expect, it } from 'vitest';
import { hashInvitationToken, invitationState, newInvitationToken } from './invitation-token.js';

describe('invitation tokens', () => {
  it('stores only a SHA-256 of a 32-byte URL-safe token', () => {
    const { token, hash } = newInvitationToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashInvitationToken(token));
    expect(hash).not.toContain(token);
    expect(newInvitationToken().token).not.toBe(token);
  });

  const now = new Date('2026-12-04T10:00:00Z');
  const later = new Date('2026-12-11T10:00:00Z');
  it.each([
    [{ acceptedAt: null, revokedAt: null, expiresAt: later }, 'pending'],
    [{ acceptedAt: null, revokedAt: null, expiresAt: now }, 'expired'],
    [{ acceptedAt: null, revokedAt: now, expiresAt: later }, 'revoked'],
    [{ acceptedAt: now, revokedAt: null, expiresAt: new Date('2026-12-01T00:00:00Z') }, 'accepted'],
  ] as const)('%j is %s', (invitation, state) => {
    expect(invitationState(invitation, now)).toBe(state);
  });
});
