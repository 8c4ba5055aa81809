import type { ConversationStatusDto } from './conversations.types.js';

/**
 * The one table of status changes. A customer writing again reopens pending, snoozed and closed
 * conversations (ingestion does that); people move conversations along these edges.
 */
export const TRANSITIONS: Record<ConversationStatusDto, readonly ConversationStatusDto[]> = {
  open: ['pending', 'snoozed', 'closed', 'spam', 'bulk'],
  pending: ['open', 'snoozed', 'closed', 'spam', 'bulk'],
  // snoozed → snoozed changes the wake-up time.
  snoozed: ['open', 'pending', 'snoozed', 'closed', 'spam', 'bulk'],
  closed: ['open', 'spam', 'bulk'],
  spam: ['open'],
  // Newsletters and list mail: read, then kept out of the way or brought into the inbox.
  bulk: ['open', 'closed', 'spam'],
};

/**
 * A customer writing again brings a conversation in these states back to open (ingestion applies it):
 * a person's own words in a list thread reach the inbox too.
 */
export const REOPENED_BY_CUSTOMER: readonly ConversationStatusDto[] = ['pending', 'snoozed', 'closed', 'bulk'];

export type TransitionCheck = { ok: true } | { ok: false; reason: string };

export function checkTransition(from: ConversationStatusDto, to: ConversationStatusDto, snoozedUntil: Date | null, now: Date): TransitionCheck {
  if (to === 'snoozed') {
    if (!snoozedUntil) return { ok: false, reason: 'Snoozing needs snoozedUntil: when the conversation should come back.' };
    if (snoozedUntil.getTime() <= now.getTime()) return { ok: false, reason: 'snoozedUntil must be in the future.' };
  } else if (snoozedUntil) {
    return { ok: false, reason: 'snoozedUntil only goes with status "snoozed".' };
  }
  if (from === to && to !== 'snoozed') return { ok: true };
  if (!TRANSITIONS[from].includes(to)) {
    return { ok: false, reason: `A ${from} conversation cannot become ${to}${from === 'spam' ? ' (mark it "not spam" first: open)' : ''}.` };
  }
  return { ok: true };
}
