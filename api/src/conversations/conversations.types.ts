/** Shapes of the conversations API, shared with the web app (no runtime dependencies). */
export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed', 'spam', 'bulk'] as const;
export type ConversationStatusDto = (typeof CONVERSATION_STATUSES)[number];

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
  /** Set while the customer's latest mail has no answer: they are waiting since then. */
  waitingSince: string | null;
  /** Our latest reply (who spoke last: the customer when waitingSince is set, else us). */
  lastReplyAt: string | null;
  /** Customer mail the signed-in person has not opened yet. */
  unread: boolean;
  /** Snoozed conversations: when they come back. */
  snoozedUntil: string | null;
  messageCount: number;
  /** The customer's own words: an exact substring of message `preview.messageId`'s text. */
  preview: { text: string; truncated: boolean; messageId: string | null };
  /** Present in search results with words: where the customer wrote them. */
  match?: SearchMatchDto;
}

/** How many conversations each inbox view holds for the signed-in person. */
export interface ViewCountsDto {
  unassigned: number;
  mine: number;
  open: number;
  pending: number;
  snoozed: number;
  closed: number;
  spam: number;
  /** Newsletters and list mail. */
  bulk: number;
  /** Open conversations per mailbox id. */
  mailboxes: Record<string, number>;
}

export interface ConversationPageDto {
  items: ConversationListItemDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Answered with the sign-in when it asked for a list (`preload`): the first page of that list and the view counts. */
export interface InboxPreloadDto {
  list: ConversationPageDto;
  counts: ViewCountsDto;
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
  kind: 'email' | 'note' | 'auto_reply' | 'bounce' | 'bulk' | 'activity' | 'forward';
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
  /**
   * The sender's new words in `text`, as UTF-16 code unit offsets (JavaScript string indices). One
   * range: `interleaved` when it holds answers written between quoted lines (those lines included;
   * lines starting with ">" inside it are quoted), `forwarded` when it holds a message the sender
   * forwarded to us (kept as their words).
   */
  newText: { start: number; end: number; interleaved: boolean; forwarded: boolean };
  hasHtml: boolean;
  threadRule: string;
  messageIdHeader: string | null;
  messageIdReused: boolean;
  decodingIssues: string[];
  attachments: AttachmentDto[];
  /** Whether the original .eml can be downloaded from /api/messages/:id/raw. */
  hasRaw: boolean;
  /** Who wrote our replies and notes, or did an activity. */
  author: PersonRefDto | null;
  /**
   * Our replies: held (its author may still undo it until `sendAfter`, `sendsInMs` from when this
   * was read, by the database's clock) → queued → sent, or failed
   * (with the reason; can be resent). Null for everything else.
   */
  send: { status: 'held' | 'queued' | 'sent' | 'failed'; attempts: number; error: string | null; sentAt: string | null; sendAfter?: string | null; sendsInMs?: number } | null;
  /** Activity entries: what changed. */
  activity: ActivityDto | null;
  /** Quotes pinned in this message (exact substrings, UTF-16 offsets into `text`). */
  highlights?: { start: number; end: number }[];
}

export type ActivityDto =
  | { type: 'status'; from: ConversationStatusDto; to: ConversationStatusDto; snoozedUntil?: string | null }
  | { type: 'assignee'; from: PersonRefDto | null; to: PersonRefDto | null }
  | { type: 'woke_up'; snoozedUntil: string }
  | { type: 'merged'; number: number }
  | { type: 'split'; number: number; from: number }
  /** On a forward (kind 'forward'): one message or the whole conversation, and which messages went. */
  | { type: 'forward'; scope: 'message' | 'conversation'; messageIds: string[] };

/** A merge just made: undo it with POST /api/merges/:mergeId/undo until `undoUntil`. */
export interface MergeResultDto {
  mergeId: string;
  /** The older conversation, which now holds both threads. */
  conversationId: string;
  absorbedId: string;
  undoUntil: string;
}

export interface SplitResultDto {
  conversationId: string;
}

export interface SearchMatchDto {
  /** The message whose customer words matched. */
  messageId: string;
  /** An exact substring of that message's text: the customer's words around the match, cut only at word boundaries. */
  text: string;
  /** Where `text` starts in the message text (UTF-16 code units). */
  start: number;
  cutBefore: boolean;
  cutAfter: boolean;
  /** The matching words, as offsets into `text`. */
  highlights: { start: number; end: number }[];
}

export interface PresenceDto {
  person: PersonRefDto;
  state: 'viewing' | 'replying';
}

export interface UpdateConversationRequestDto {
  status?: ConversationStatusDto;
  /** A person's id, or null to unassign. */
  assigneeId?: string | null;
  /** ISO time; required with status "snoozed". */
  snoozedUntil?: string | null;
}

/** Where the conversation goes after a reply; the mailbox's setting when not given. */
export const AFTER_REPLY = ['pending', 'open', 'closed'] as const;
export type AfterReplyDto = (typeof AFTER_REPLY)[number];

export interface ReplyResultDto {
  messageId: string;
  conversation: ConversationDto;
  /** Held for its author's undo time: it enters the outbox at this time unless undone. Absent: queued at once. */
  sendAfter?: string;
}

/** A held reply taken back: what the composer had, to put back in it. */
export interface UndoneReplyDto {
  /**
   * What the composer had (for a forward: the dialog's note, recipients and own files, and `forward`:
   * the one message it forwarded, or null for the whole conversation).
   */
  draft: {
    text: string;
    to: string[];
    cc: string[];
    bcc: string[];
    attachments: { id: string; filename: string; contentType: string; size: number }[];
    forward?: { messageId: string | null };
  };
  conversation: ConversationDto;
}

/** The 409 answer to a stale send: what arrived since the version the author saw. */
export interface StaleSendErrorDto {
  error: { code: 'conflict'; message: string; currentVersion: number; newMessageIds: string[] };
}

export interface ConversationDto extends ConversationListItemDto {
  /** afterReply: where a reply moves the conversation unless the person chooses. */
  mailbox: { id: string; name: string; address: string; afterReply: AfterReplyDto };
  version: number;
  messages: MessageDto[];
}
