/** Shapes of the conversations API, shared with the web app (no runtime dependencies). */
export type ConversationStatusDto = 'open' | 'pending' | 'snoozed' | 'closed' | 'spam';

export interface PersonRefDto {
  id: string;
  name: string;
}

export interface ConversationListItemDto {
  id: string;
  /** Human number, shown as #123. */
  number: number;
  subject: string;
  status: ConversationStatusDto;
  mailboxId: string;
  contact: { email: string; name: string | null };
  assignee: PersonRefDto | null;
  lastMessageAt: string;
  waitingSince: string | null;
  messageCount: number;
  /** The customer's own words: an exact substring of message `preview.messageId`'s text. */
  preview: { text: string; truncated: boolean; messageId: string | null };
}

export interface ConversationPageDto {
  items: ConversationListItemDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AddressDto {
  address: string;
  name: string | null;
}

export interface AttachmentDto {
  id: string;
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  disposition: 'attachment' | 'inline';
}

export interface MessageDto {
  id: string;
  direction: 'in' | 'out';
  kind: 'email' | 'note' | 'auto_reply' | 'bounce' | 'activity';
  from: AddressDto | null;
  to: AddressDto[];
  cc: AddressDto[];
  replyTo: AddressDto[];
  /** The Date header; receivedAt is when our server got it. */
  date: string | null;
  receivedAt: string;
  subject: string;
  /** The full decoded text, never cut. */
  text: string;
  /** The sender's new words in `text`, as UTF-16 code unit offsets (JavaScript string indices). */
  newText: { start: number; end: number };
  hasHtml: boolean;
  threadRule: string;
  messageIdHeader: string | null;
  messageIdReused: boolean;
  decodingIssues: string[];
  attachments: AttachmentDto[];
  /** Whether the original .eml can be downloaded from /api/messages/:id/raw. */
  hasRaw: boolean;
}

export interface ConversationDto extends ConversationListItemDto {
  mailbox: { id: string; name: string; address: string };
  version: number;
  messages: MessageDto[];
}
