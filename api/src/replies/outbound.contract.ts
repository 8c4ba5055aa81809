import { z } from 'zod';

/** Request schemas of forwards and new conversations: validated here, documented in OpenAPI from the same source. */
const recipient = z.email({ message: 'Each recipient must be an email address' }).max(320, 'An email address is 320 characters at most');
const note = z.string().max(100_000, 'That is too long for one message (100,000 characters at most)');
const text = note.refine((value) => value.trim().length > 0, 'Write something first');
const uploads = z.array(z.uuid({ message: 'attachmentIds must be upload ids' })).max(50, 'At most 50 files in one message').optional();

export const forwardRequestSchema = z
  .object({
    /** One message of the conversation; absent: the whole conversation (every mail in order, notes excepted). */
    messageId: z.string().regex(/^[1-9][0-9]{0,17}$/, 'messageId must be a message id').optional(),
    to: z.array(recipient).min(1, 'Name at least one recipient').max(50),
    cc: z.array(recipient).max(50).optional(),
    /** Our words above the forwarded mail (optional). */
    note: note.optional(),
    /** More files uploaded with POST /api/uploads, sent after the originals' attachments. */
    attachmentIds: uploads,
  })
  .strict();

export const newConversationRequestSchema = z
  .object({
    /** The mailbox it is sent from. */
    mailboxId: z.uuid({ message: 'mailboxId must be a mailbox id' }),
    to: z.array(recipient).min(1, 'Name at least one recipient').max(50),
    cc: z.array(recipient).max(50).optional(),
    bcc: z.array(recipient).max(50).optional(),
    subject: z.string().max(998, 'A subject is 998 characters at most').refine((value) => value.trim().length > 0, 'Write a subject'),
    text,
    attachmentIds: uploads,
  })
  .strict();

export type ForwardRequest = z.infer<typeof forwardRequestSchema>;
export type NewConversationRequest = z.infer<typeof newConversationRequestSchema>;

export interface ForwardResultDto {
  messageId: string;
  /** Held for its author's undo time, like a reply: it enters the outbox at this time unless undone (POST /api/messages/:id/undo). Absent: queued at once. */
  sendAfter?: string;
}
export interface NewConversationResultDto {
  /** Its number (while held, the number it will have). */
  conversationId: string;
  /** Our email in it; absent while held. */
  messageId?: string;
  /**
   * Held for its author's undo time, like a reply: the conversation is stored and its email enters
   * the outbox at this time unless undone (POST /api/held-conversations/:id/undo). Absent: stored and queued at once.
   */
  sendAfter?: string;
  /** With sendAfter: how long until then, in ms (a countdown that does not depend on the browser's clock agreeing with ours). */
  sendsInMs?: number;
}

/** A held new conversation taken back: what the dialog had, to put back in it (the files as uploads again). */
export interface UndoneConversationDto {
  draft: {
    mailboxId: string;
    to: string[];
    cc: string[];
    bcc: string[];
    subject: string;
    text: string;
    attachments: { id: string; filename: string; contentType: string; size: number }[];
  };
}
