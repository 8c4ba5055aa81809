import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/** A new link token (32 random bytes, URL-safe) and the hash that is stored instead of it. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/** Where an invitation stands at an instant. */
export function invitationState(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}
