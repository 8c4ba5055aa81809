import type { ConversationStatus } from '../conversations/conversation.entity.js';
import type { ThreadRule } from '../conversations/message.entity.js';
import type { InboundKind } from './classify.js';

export interface ThreadCandidate {
  conversationId: string;
  participants: string[];
  status: ConversationStatus;
  lastMessageAt: Date;
}

export interface ThreadingInput {
  /** The sender's address, lower-case. */
  sender: string;
  kind: InboundKind;
  now: Date;
  byToken: ThreadCandidate | null;
  byInReplyTo: ThreadCandidate | null;
  byReferences: ThreadCandidate | null;
  /** For a bounce: the conversation of the message the delivery report returns. */
  byReportedMessageId: ThreadCandidate | null;
  /** Recent conversations of the same mailbox with the same base subject, newest first. */
  bySubject: ThreadCandidate[];
}

export interface ThreadDecision {
  conversationId: string | null;
  rule: ThreadRule;
}

export const SUBJECT_MATCH_WINDOW_DAYS = 30;

/**
 * The threading cascade, first match wins: our token, In-Reply-To, References, then the subject
 * (only into a recent, unclosed conversation the sender takes part in). A header match from someone
 * who is not a participant never appends their words to another customer's conversation: it starts
 * a new one, whatever the headers say. A bounce is typed and collapsed, not customer content, so it
 * may join the conversation of the message it returns.
 */
export function chooseThread(input: ThreadingInput): ThreadDecision {
  const isParticipant = (candidate: ThreadCandidate) => candidate.participants.includes(input.sender);

  if (input.kind === 'bounce') {
    for (const [candidate, rule] of [
      [input.byReportedMessageId, 'reported_message_id'],
      [input.byToken, 'token'],
      [input.byInReplyTo, 'in_reply_to'],
      [input.byReferences, 'references'],
    ] as const) {
      if (candidate) return { conversationId: candidate.conversationId, rule };
    }
    return { conversationId: null, rule: 'new' };
  }

  for (const [candidate, rule] of [
    [input.byToken, 'token'],
    [input.byInReplyTo, 'in_reply_to'],
    [input.byReferences, 'references'],
  ] as const) {
    if (!candidate) continue;
    if (isParticipant(candidate)) return { conversationId: candidate.conversationId, rule };
    return { conversationId: null, rule: 'new_not_participant' };
  }

  const oldest = input.now.getTime() - SUBJECT_MATCH_WINDOW_DAYS * 86_400_000;
  const bySubject = input.bySubject.find(
    (candidate) => isParticipant(candidate) && candidate.status !== 'closed' && candidate.status !== 'spam' && candidate.status !== 'bulk' && candidate.lastMessageAt.getTime() >= oldest,
  );
  if (bySubject) return { conversationId: bySubject.conversationId, rule: 'subject' };
  return { conversationId: null, rule: 'new' };
}
