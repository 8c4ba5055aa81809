import type { ConversationStatusDto } from '../conversations/conversations.types.js';
import type { QuoteDto } from '../feedback/feedback.types.js';

/** The customer beside a conversation: who they are, what else they asked, what we pinned, what we know. */
export interface CustomerDto {
  contact: { id: string; name: string | null; email: string };
  /** From the email domain (`bigcorp.example`); null for free-mail addresses such as gmail.com. */
  company: string | null;
  /** Their other conversations, newest activity first (at most 20; `more` says there are others). */
  conversations: CustomerConversationDto[];
  more: boolean;
  /** Words pinned from any of their conversations, newest first. */
  quotes: QuoteDto[];
  note: CustomerNoteDto;
}

export interface CustomerConversationDto {
  id: string;
  number: number;
  subject: string;
  status: ConversationStatusDto;
  lastMessageAt: string;
}

export interface CustomerNoteDto {
  text: string;
  /** Send it back when saving: a save over a newer note is refused (409) instead of overwriting it. */
  version: number;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}
