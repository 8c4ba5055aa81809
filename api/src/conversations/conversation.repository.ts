import { Injectable } from '@nestjs/common';
import { preparedQuery, type Tx } from '../database/transaction.js';
import type { ConversationStatus } from './conversation.entity.js';
import type { AddressDto, MessageKind, ThreadRule } from './message.entity.js';

export interface ConversationCandidate {
  conversationId: string;
  participants: string[];
  status: ConversationStatus;
  lastMessageAt: Date;
}

export interface ThreadingLookup {
  /** Messages of the mailbox with the same dedupe key. */
  sameKey: { id: string; contentHash: string | null }[];
  byToken: ConversationCandidate | null;
  byInReplyTo: ConversationCandidate | null;
  byReferences: ConversationCandidate | null;
  byReported: ConversationCandidate | null;
  bySubject: ConversationCandidate[];
}

export interface NewConversation {
  mailboxId: string;
  contactEmail: string;
  contactName: string | null;
  subject: string;
  baseSubject: string;
  status: ConversationStatus;
  waitingSince: Date | null;
  lastMessageAt: Date;
  participants: string[];
  threadToken: string;
  /** The person on duty when it arrived, or null. */
  assigneeId: string | null;
}

export interface NewInboundMessage {
  conversationId: string;
  mailboxId: string;
  rawMessageId: string;
  kind: MessageKind;
  messageIdHeader: string | null;
  messageKey: string;
  contentHash: string;
  messageIdReused: boolean;
  inReplyTo: string[];
  references: string[];
  fromAddress: string;
  fromName: string | null;
  replyTo: AddressDto[];
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
  subject: string;
  sentAt: Date | null;
  receivedAt: Date;
  text: string;
  html: string | null;
  newTextStart: number;
  newTextEnd: number;
  threadRule: ThreadRule;
  decodingIssues: string[];
  /** The customer's new words, indexed for search; null when not a customer's email. */
  searchText: string | null;
}

export interface ConversationTouch {
  /** false for a conversation created for this very message (its counters already count it). */
  existing: boolean;
  participants: string[];
  /** A customer wrote: reopen a pending, snoozed or closed conversation and start waiting. */
  fromCustomer: boolean;
  /** The customer's first words, shown in the inbox list. */
  preview: { text: string; truncated: boolean } | null;
  /** Record the sender as a contact (adding a name it lacked) in the same statement. */
  contact?: { email: string; name: string | null } | undefined;
}

export interface NewAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: Buffer;
  contentId: string | null;
  disposition: 'attachment' | 'inline';
  bytes: Buffer;
}

const candidate = (alias: string) =>
  `json_build_object('conversationId', ${alias}.id::text, 'participants', ${alias}.participants, 'status', ${alias}.status, 'lastMessageAt', ${alias}.last_message_at)`;
// OFFSET 0 keeps the key lookup (IDX_message_key) first: without it a generic plan may walk the
// whole message table backwards by id looking for the newest match, slower with every message.
const byMessageKeys = (parameter: string) => `(
  SELECT ${candidate('c')} FROM (SELECT m.id, m.conversation_id FROM message m WHERE m.mailbox_id = $1 AND m.message_key = ANY(${parameter}::text[]) OFFSET 0) m
  JOIN conversation c ON c.id = m.conversation_id ORDER BY m.id DESC LIMIT 1)`;

function toCandidate(value: unknown): ConversationCandidate | null {
  if (!value) return null;
  const row = value as { conversationId: string; participants: string[]; status: ConversationStatus; lastMessageAt: string };
  return { ...row, lastMessageAt: new Date(row.lastMessageAt) };
}

/**
 * Write side of conversations, shaped for ingestion: each call is one round trip, because a
 * mailbox import runs it for every message.
 */
@Injectable()
export class ConversationRepository {
  /** Everything threading and deduplication need to decide, in one query. */
  async threadingLookup(
    input: { mailboxId: string; key: string; token: string | null; inReplyTo: string[]; references: string[]; reported: string[]; baseSubject: string },
    tx: Tx,
  ): Promise<ThreadingLookup> {
    const [row] = await preparedQuery<Record<string, unknown>>(
      tx,
      'ingest_threading_lookup',
      `SELECT
         (SELECT COALESCE(json_agg(json_build_object('id', id::text, 'contentHash', content_hash)), '[]') FROM message WHERE mailbox_id = $1 AND message_key = $2) AS "sameKey",
         (SELECT ${candidate('c')} FROM conversation c WHERE c.mailbox_id = $1 AND c.thread_token = $3) AS "byToken",
         ${byMessageKeys('$4')} AS "byInReplyTo",
         ${byMessageKeys('$5')} AS "byReferences",
         ${byMessageKeys('$6')} AS "byReported",
         (SELECT COALESCE(json_agg(x.candidate), '[]') FROM (
            SELECT ${candidate('c')} AS candidate FROM (SELECT * FROM conversation WHERE mailbox_id = $1 AND base_subject = $7 AND $7 <> '' OFFSET 0) c
            ORDER BY c.last_message_at DESC LIMIT 10) x) AS "bySubject"`,
      [input.mailboxId, input.key, input.token, input.inReplyTo, input.references, input.reported, input.baseSubject],
    );
    if (!row) throw new Error('The threading lookup returned no row');
    return {
      sameKey: row.sameKey as ThreadingLookup['sameKey'],
      byToken: toCandidate(row.byToken),
      byInReplyTo: toCandidate(row.byInReplyTo),
      byReferences: toCandidate(row.byReferences),
      byReported: toCandidate(row.byReported),
      bySubject: (row.bySubject as unknown[]).map(toCandidate).filter((value): value is ConversationCandidate => value !== null),
    };
  }

  /** The contact (created, or named if it had no name) and a new conversation for it. */
  async createConversation(values: NewConversation, tx: Tx): Promise<string> {
    const [row] = await preparedQuery(
      tx,
      'ingest_create_conversation',
      `WITH contact_row AS (
         INSERT INTO contact (email, name) VALUES ($2, $3)
         ON CONFLICT ON CONSTRAINT "UQ_contact_email" DO UPDATE SET name = COALESCE(contact.name, EXCLUDED.name)
         RETURNING id
       )
       INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, waiting_since, last_message_at, message_count, participants, thread_token, version, assignee_id)
       SELECT $1, contact_row.id, $4, $5, $6, $7, $8, 1, $9::text[], $10, 1, $11 FROM contact_row
       RETURNING id::text`,
      [values.mailboxId, values.contactEmail, values.contactName, values.subject, values.baseSubject, values.status, values.waitingSince, values.lastMessageAt, values.participants, values.threadToken, values.assigneeId],
    );
    return (row as { id: string }).id;
  }

  /**
   * Stores an inbound message and updates its conversation (activity, counts, participants, version,
   * reopening, preview) in one statement. Returns the message id, or null when the same
   * (mailbox, key, content) was stored meanwhile; then the conversation is left untouched.
   */
  async insertInboundMessage(message: NewInboundMessage, touch: ConversationTouch, tx: Tx): Promise<string | null> {
    const [row] = await preparedQuery(
      tx,
      'ingest_insert_message',
      `WITH contact_upsert AS (
         -- Only writes when it adds a name: an unconditional DO UPDATE would rewrite the row for every message.
         INSERT INTO contact (email, name) SELECT $31::text, $32::text WHERE $33::boolean
         ON CONFLICT ON CONSTRAINT "UQ_contact_email" DO UPDATE SET name = EXCLUDED.name WHERE contact.name IS NULL AND EXCLUDED.name IS NOT NULL
       ),
       inserted AS (
         INSERT INTO message (conversation_id, mailbox_id, raw_message_id, direction, kind, message_id_header, message_key, content_hash, message_id_reused,
                              in_reply_to, "references", from_address, from_name, reply_to, to_addresses, cc_addresses, subject, sent_at, received_at,
                              text, html, new_text_start, new_text_end, thread_rule, decoding_issues, search)
         VALUES ($1, $2, $3, 'in', $4, $5, $6, $7, $8, $9::text[], $10::text[], $11, $12, $13::jsonb, $14::jsonb, $15::jsonb, $16, $17, $18,
                 $19, $20, $21, $22, $23, $24::text[], CASE WHEN $30::text IS NULL THEN NULL ELSE to_tsvector('english', $30::text) END)
         ON CONFLICT ON CONSTRAINT "UQ_message_key_content" DO NOTHING
         RETURNING id
       ),
       touched AS (
         UPDATE conversation SET
           last_message_at = CASE WHEN $25 THEN GREATEST(last_message_at, $18) ELSE last_message_at END,
           message_count = message_count + CASE WHEN $25 THEN 1 ELSE 0 END,
           version = version + CASE WHEN $25 THEN 1 ELSE 0 END,
           participants = CASE WHEN $25 THEN ARRAY(SELECT DISTINCT unnest(participants || $26::text[])) ELSE participants END,
           snoozed_until = CASE WHEN $25 AND $27 AND status IN ('pending', 'snoozed', 'closed') THEN NULL ELSE snoozed_until END,
           status = CASE WHEN $25 AND $27 AND status IN ('pending', 'snoozed', 'closed') THEN 'open' ELSE status END,
           waiting_since = CASE WHEN $27 THEN COALESCE(waiting_since, $18) ELSE waiting_since END,
           preview = CASE WHEN $28::text IS NOT NULL THEN $28 ELSE preview END,
           preview_truncated = CASE WHEN $28::text IS NOT NULL THEN $29 ELSE preview_truncated END,
           preview_message_id = CASE WHEN $28::text IS NOT NULL THEN (SELECT id FROM inserted) ELSE preview_message_id END,
           updated_at = now()
         WHERE id = $1 AND EXISTS (SELECT 1 FROM inserted)
       )
       SELECT id::text, pg_notify('wg_events', json_build_object('type', 'conversation', 'conversationId', $1::text, 'mailboxId', $2::text)::text) FROM inserted`,
      [
        message.conversationId,
        message.mailboxId,
        message.rawMessageId,
        message.kind,
        message.messageIdHeader,
        message.messageKey,
        message.contentHash,
        message.messageIdReused,
        message.inReplyTo,
        message.references,
        message.fromAddress,
        message.fromName,
        JSON.stringify(message.replyTo),
        JSON.stringify(message.toAddresses),
        JSON.stringify(message.ccAddresses),
        message.subject,
        message.sentAt,
        message.receivedAt,
        message.text,
        message.html,
        message.newTextStart,
        message.newTextEnd,
        message.threadRule,
        message.decodingIssues,
        touch.existing,
        touch.participants,
        touch.fromCustomer,
        touch.preview?.text ?? null,
        touch.preview?.truncated ?? false,
        message.searchText,
        touch.contact?.email ?? null,
        touch.contact?.name ?? null,
        touch.contact !== undefined,
      ],
    );
    return (row as { id: string } | undefined)?.id ?? null;
  }

  async insertAttachments(messageId: string, attachments: NewAttachment[], tx: Tx): Promise<void> {
    if (attachments.length === 0) return;
    const values: unknown[] = [];
    const rows = attachments.map((attachment, index) => {
      values.push(messageId, attachment.filename, attachment.contentType, attachment.size, attachment.sha256, attachment.contentId, attachment.disposition, attachment.bytes);
      const base = index * 8;
      return `(${Array.from({ length: 8 }, (_, column) => `$${base + column + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO attachment (message_id, filename, content_type, size, sha256, content_id, disposition, bytes) VALUES ${rows.join(', ')}`, values);
  }
}
