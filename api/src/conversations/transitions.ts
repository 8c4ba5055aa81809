import type { ConversationStatusDto } from './conversations.types.js';

/**
 * The one table of status changes. A customer writing again reopens pending, snoozed and closed
 * conversations (ingestion does that); people move conversations along these edges.
 */
export const TRANSITIONS: Record<ConversationStatusDto, readonly ConversationStatusDto[]> = {
  open: ['pending', 'snoozed', 'closed', 'spam'],
  pending: ['open', 'snoozed', 'closed', 'spam'],
  // snoozed → snoozed changes the wake-up time.
  snoozed: ['open', 'pending', 'snoozed', 'closed', 'spam'],
  closed: ['open', 'spam'],
  spam: ['open'],
};

/** A customer writing again brings a conversation in these states back to open (ingestion applies it). */
export const REOPENED_BY_CUSTOMER: readonly ConversationStatusDto[] = ['pending', 'snoozed', 'closed'];

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
