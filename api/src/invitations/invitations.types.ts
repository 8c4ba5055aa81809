import type { Access, SupportRole } from '../people/people.types.js';

export interface InvitationDto {
  id: string;
  email: string;
  access: Access;
  supportRole: SupportRole;
  invitedBy: { id: string; name: string } | null;
  createdAt: string;
  expiresAt: string;
  /** When the link was last emailed; null when it was never sent (no SMTP), so the admin shares it. */
  sentAt: string | null;
}

/** Answer to creating or re-sending: the link is shown once (only its hash is stored). */
export interface InvitationLinkDto {
  invitation: InvitationDto;
  link: string;
  emailed: boolean;
  /** Why it was not emailed, in plain words. */
  emailProblem: string | null;
}

/** What the invitee sees before choosing a password. */
export interface InvitationPreviewDto {
  email: string;
  invitedBy: string | null;
  expiresAt: string;
}
