import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';
import type { AddressDto } from './message.entity.js';

export interface ConversationListFilter {
  status?: string[];
  mailboxId?: string;
  /** A person's id, or 'unassigned'. */
  assignee?: string;
  /** Keyset: rows strictly older than this (PostgreSQL timestamp text, id). */
  before?: { lastMessageAt: string; id: string };
  limit: number;
  /** Whose read state the rows' `unread` says. */
  personId: string;
}

export interface ConversationRow {
  id: string;
  subject: string;
  status: string;
  mailboxId: string;
  contactEmail: string;
  contactName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  lastMessageAt: Date;
  lastMessageAtText: string;
  waitingSince: Date | null;
  snoozedUntil: Date | null;
  messageCount: number;
  preview: string;
  previewTruncated: boolean;
  previewMessageId: string | null;
  version: number;
  mailboxName: string;
  mailboxAddress: string;
  mailboxAfterReply: 'pending' | 'open' | 'closed';
  /** List rows only (factsColumns): customer mail the person has not read; our latest reply's time. */
  unread?: boolean;
  lastReplyAt?: Date | null;
}

export interface MessageRow {
  id: string;
  direction: 'in' | 'out';
  kind: 'email' | 'note' | 'auto_reply' | 'bounce' | 'bulk' | 'activity' | 'forward';
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
  replyTo: AddressDto[];
  sentAt: Date | null;
  receivedAt: Date;
  subject: string;
  text: string;
  newTextStart: number;
  newTextEnd: number;
  newTextInterleaved: boolean;
  newTextForwarded: boolean;
  hasHtml: boolean;
  threadRule: string;
  messageIdHeader: string | null;
  messageIdReused: boolean;
  decodingIssues: string[];
  rawMessageId: string | null;
  authorId: string | null;
  authorName: string | null;
  sendStatus: 'held' | 'queued' | 'sent' | 'failed' | null;
  nextSendAt: Date | null;
  sendsInMs: number | null;
  sendAttempts: number;
  sendError: string | null;
  activity: Record<string, unknown> | null;
}

export interface AttachmentRow {
  id: string;
  messageId: string;
  filename: string | null;
  contentType: string;
  size: number;
  contentId: string | null;
  disposition: 'attachment' | 'inline';
}

export const CONVERSATION_COLUMNS = `
  c.id, c.subject, c.status, c.mailbox_id AS "mailboxId", ct.email AS "contactEmail", ct.name AS "contactName",
  c.assignee_id AS "assigneeId", p.name AS "assigneeName", c.last_message_at AS "lastMessageAt", c.last_message_at::text AS "lastMessageAtText", c.waiting_since AS "waitingSince",
  c.snoozed_until AS "snoozedUntil", c.message_count AS "messageCount", c.preview, c.preview_truncated AS "previewTruncated", c.preview_message_id AS "previewMessageId",
  c.version, mb.name AS "mailboxName", mb.address AS "mailboxAddress", mb.after_reply AS "mailboxAfterReply"`;

/**
 * What a list row shows beside the conversation, in the same statement as the page (evaluated for
 * the page's rows only): customer mail after what the person last opened, and our latest reply.
 * Both read the partial indexes IDX_message_customer_mail and IDX_message_reply_time, index-only.
 */
export const factsColumns = (person: string) => `,
  EXISTS (SELECT 1 FROM message fm WHERE fm.conversation_id = c.id AND fm.direction = 'in' AND fm.kind = 'email'
            AND fm.id > COALESCE((SELECT r.read_through_message_id FROM conversation_read r WHERE r.person_id = ${person} AND r.conversation_id = c.id), 0)) AS unread,
  (SELECT max(fr.received_at) FROM message fr WHERE fr.conversation_id = c.id AND fr.direction = 'out' AND fr.kind = 'email') AS "lastReplyAt"`;

export const CONVERSATION_JOINS = `
  FROM conversation c
  JOIN contact ct ON ct.id = c.contact_id
  JOIN mailbox mb ON mb.id = c.mailbox_id
  LEFT JOIN person p ON p.id = c.assignee_id`;

/** Read side of the inbox: lists and conversation details, with parameterised SQL only. */
@Injectable()
export class ConversationQueryRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  list(filter: ConversationListFilter): Promise<ConversationRow[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    // One status (every inbox view): equality, so the (status, last_message_at, id) index can answer in order.
    if (filter.status?.length === 1) conditions.push(`c.status = ${parameter(filter.status[0])}`);
    else if (filter.status?.length) conditions.push(`c.status = ANY(${parameter(filter.status)}::text[])`);
    if (filter.mailboxId) conditions.push(`c.mailbox_id = ${parameter(filter.mailboxId)}`);
    if (filter.assignee === 'unassigned') conditions.push('c.assignee_id IS NULL');
    else if (filter.assignee) conditions.push(`c.assignee_id = ${parameter(filter.assignee)}`);
    if (filter.before) {
      const at = parameter(filter.before.lastMessageAt);
      // The plain bound beside the row comparison lets the (status, last_message_at, id) index start at the cursor.
      conditions.push(`c.last_message_at <= ${at}::timestamptz AND (c.last_message_at, c.id) < (${at}::timestamptz, ${parameter(filter.before.id)}::bigint)`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    // Planned on every call, never a cached prepared statement: a generic plan takes the activity
    // index for any one status, which reads the whole index for a status few conversations have.
    return this.transactions.manager.query(
      `SELECT ${CONVERSATION_COLUMNS} ${factsColumns(parameter(filter.personId))} ${CONVERSATION_JOINS} ${where} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${parameter(filter.limit)}`,
      values,
    );
  }

  /** The conversation an absorbed one now lives in (earlier merges are re-pointed when their target is merged in turn). */
  async mergedInto(id: string): Promise<string | null> {
    const [row] = (await this.transactions.manager.query(
      `SELECT into_id::text AS "intoId" FROM conversation_merge WHERE absorbed_id = $1 AND undone_at IS NULL ORDER BY merged_at DESC LIMIT 1`,
      [id],
    )) as { intoId: string }[];
    return row?.intoId ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = (await this.transactions.manager.query(`SELECT 1 FROM conversation WHERE id = $1`, [id])) as unknown[];
    return rows.length > 0;
  }

  async findOne(id: string): Promise<ConversationRow | null> {
    const [row] = await this.transactions.manager.query(`SELECT ${CONVERSATION_COLUMNS} ${CONVERSATION_JOINS} WHERE c.id = $1`, [id]);
    return row ?? null;
  }

  messages(conversationId: string): Promise<MessageRow[]> {
    return this.transactions.manager.query(
      `SELECT message.id, direction, kind, from_address AS "fromAddress", from_name AS "fromName", to_addresses AS "toAddresses", cc_addresses AS "ccAddresses",
              reply_to AS "replyTo", sent_at AS "sentAt", received_at AS "receivedAt", subject, text, new_text_start AS "newTextStart", new_text_interleaved AS "newTextInterleaved", new_text_forwarded AS "newTextForwarded",
              new_text_end AS "newTextEnd", html IS NOT NULL AS "hasHtml", thread_rule AS "threadRule", message_id_header AS "messageIdHeader",
              message_id_reused AS "messageIdReused", decoding_issues AS "decodingIssues", raw_message_id AS "rawMessageId",
              author_id AS "authorId", p.name AS "authorName", send_status AS "sendStatus", next_send_at AS "nextSendAt", CASE WHEN send_status = 'held' THEN GREATEST(0, ceil(EXTRACT(EPOCH FROM next_send_at - clock_timestamp()) * 1000))::int END AS "sendsInMs", send_attempts AS "sendAttempts", send_error AS "sendError", activity
       FROM message LEFT JOIN person p ON p.id = message.author_id WHERE conversation_id = $1 ORDER BY message.id`,
      [conversationId],
    );
  }

  attachments(messageIds: string[]): Promise<AttachmentRow[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return this.transactions.manager.query(
      `SELECT id, message_id AS "messageId", filename, content_type AS "contentType", size, content_id AS "contentId", disposition
       FROM attachment WHERE message_id = ANY($1::bigint[]) ORDER BY message_id, seq`,
      [messageIds],
    );
  }

  /** Pinned quotes' spans per message, to highlight them wherever the message is shown. */
  quoteSpans(conversationId: string): Promise<{ messageId: string; start: number; end: number }[]> {
    return this.transactions.manager.query(
      `SELECT message_id::text AS "messageId", start_offset AS start, end_offset AS "end" FROM quote WHERE conversation_id = $1 AND retracted_at IS NULL ORDER BY start_offset`,
      [conversationId],
    );
  }

  async htmlOfMessage(messageId: string): Promise<string | null> {
    const [row] = await this.transactions.manager.query(`SELECT html FROM message WHERE id = $1`, [messageId]);
    return (row as { html: string | null } | undefined)?.html ?? null;
  }

  async rawOfMessage(messageId: string): Promise<{ bytes: Buffer; rawId: string } | null> {
    const [row] = await this.transactions.manager.query(
      `SELECT r.bytes, r.id AS "rawId" FROM message m JOIN raw_message r ON r.id = m.raw_message_id WHERE m.id = $1`,
      [messageId],
    );
    return row ?? null;
  }

  async attachmentBytes(id: string): Promise<{ filename: string | null; contentType: string; bytes: Buffer } | null> {
    const [row] = await this.transactions.manager.query(`SELECT filename, content_type AS "contentType", bytes FROM attachment WHERE id = $1`, [id]);
    return row ?? null;
  }
}
