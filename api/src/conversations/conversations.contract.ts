import { z } from 'zod';
import { CONVERSATION_STATUSES } from './conversations.types.js';

export * from './conversations.types.js';

/** Request schemas of the conversations API: validated here, documented in OpenAPI from the same source. */
export const updateConversationRequestSchema = z
  .object({
    status: z.enum(CONVERSATION_STATUSES),
    assigneeId: z.uuid({ message: 'assigneeId must be a person id or null' }).nullable(),
    snoozedUntil: z.iso.datetime({ offset: true, message: 'snoozedUntil must be an ISO 8601 time' }).nullable(),
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'Send at least one of status, assigneeId, snoozedUntil');

const body = z.string().max(100_000, 'That is too long for one message (100,000 characters at most)').refine((value) => value.trim().length > 0, 'Write something first');

export const noteRequestSchema = z.object({ text: body }).strict();

export const replyRequestSchema = z
  .object({
    text: body,
    /** The conversation `version` the author last saw. */
    seenVersion: z.number().int().min(0),
    /** Where the conversation goes after this reply; the mailbox's setting (default pending) when absent. */
    after: z.enum(['pending', 'open', 'closed']).optional(),
    /** Files uploaded with POST /api/uploads, sent as attachments in this order. */
    /** Recipients (addresses); absent: the customer (Reply-To honoured) and the conversation's Cc participants. */
    to: z.array(z.email({ message: 'Each recipient must be an email address' })).min(1, 'Name at least one recipient').max(50).optional(),
    cc: z.array(z.email({ message: 'Each recipient must be an email address' })).max(50).optional(),
    bcc: z.array(z.email({ message: 'Each recipient must be an email address' })).max(50).optional(),
    attachmentIds: z.array(z.uuid({ message: 'attachmentIds must be upload ids' })).max(50, 'At most 50 files in one reply').optional(),
  })
  .strict();
