import type { NotificationDraft } from './notifications.repository.js';

/** Where a conversation opens in the app. */
export const conversationUrl = (conversationId: string) => `/inbox/open/${conversationId}`;

export interface InboundConversation {
  conversationId: string;
  subject: string;
  customer: string;
  /** The customer's first words as the list shows them (cut only at a word boundary). */
  preview: string;
  /** The newest customer message of this batch in the conversation. */
  messageId: string;
}

/**
 * Who hears about customer mail: a new conversation goes to the person on duty for its mailbox
 * (who is also its assignee); a customer's reply goes to the conversation's assignee and to the person
 * on duty. The event is the message, so someone both on duty and assignee gets one notification.
 */
export function inboundMailDrafts(input: {
  created: (InboundConversation & { onDutyId: string | null })[];
  replies: (InboundConversation & { onDutyId: string | null; assigneeId: string | null })[];
}): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const conversation of input.created) {
    if (!conversation.onDutyId) continue;
    drafts.push({
      personId: conversation.onDutyId,
      kind: 'new_conversation',
      eventKey: `message:${conversation.messageId}`,
      actorId: null,
      conversationId: conversation.conversationId,
      title: `New conversation from ${conversation.customer}: ${conversation.subject || '(no subject)'}`,
      body: conversation.preview,
      url: conversationUrl(conversation.conversationId),
      onDuty: true,
    });
  }
  for (const reply of input.replies) {
    // The assignee first: "in a conversation assigned to you" says more than "while you are on duty".
    for (const personId of [reply.assigneeId, reply.onDutyId]) {
      if (!personId) continue;
      drafts.push({
        personId,
        kind: 'customer_reply',
        eventKey: `message:${reply.messageId}`,
        actorId: null,
        conversationId: reply.conversationId,
        title: `${reply.customer} replied${personId === reply.assigneeId ? ' in your conversation' : ''}: ${reply.subject || '(no subject)'}`,
        body: reply.preview,
        url: conversationUrl(reply.conversationId),
        onDuty: personId === reply.onDutyId,
      });
    }
  }
  return drafts;
}
