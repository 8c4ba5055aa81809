import { Injectable } from '@nestjs/common';
import { LIVE_EVENTS_CHANNEL } from '../database/live-events.js';
import { preparedQuery, type Tx } from '../database/transaction.js';
import type { ConversationStatus } from '../conversations/conversation.entity.js';
import type { AddressDto, MessageKind, ThreadRule } from '../conversations/message.entity.js';
import { REOPENED_BY_CUSTOMER } from '../conversations/transitions.js';

export interface ConversationCandidate {
  conversationId: string;
  participants: string[];
  status: ConversationStatus;
  lastMessageAt: Date;
  baseSubject: string;
}

/** What threading and deduplication need to know about one message of a batch. */
export interface ThreadingKeys {
  mailboxId: string;
  key: string;
  token: string | null;
  inReplyTo: string[];
  references: string[];
  reported: string[];
  baseSubject: string;
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
  id: string;
  mailboxId: string;
  contactEmail: string;
  subject: string;
  baseSubject: string;
  status: ConversationStatus;
  waitingSince: Date | null;
  lastMessageAt: Date;
  messageCount: number;
  participants: string[];
  threadToken: string;
  /** The person on duty when it arrived, or null. */
  assigneeId: string | null;
  preview: ConversationPreview | null;
}

export interface ConversationPreview {
  text: string;
  truncated: boolean;
  messageId: string;
}

/** What a batch's messages did to a conversation that existed before it. */
export interface ConversationTouch {
  conversationId: string;
  messageCount: number;
  lastMessageAt: Date;
  participants: string[];
  /** A customer wrote: reopen a pending, snoozed or closed conversation and start waiting (since then). */
  customerWroteAt: Date | null;
  preview: ConversationPreview | null;
}

export interface NewInboundMessage {
  id: string;
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
  newTextInterleaved: boolean;
  newTextForwarded: boolean;
  threadRule: ThreadRule;
  decodingIssues: string[];
  /** The customer's new words, indexed for search; null when not a customer's email. */
  searchText: string | null;
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
  `json_build_object('conversationId', ${alias}.id::text, 'participants', ${alias}.participants, 'status', ${alias}.status, 'lastMessageAt', ${alias}.last_message_at, 'baseSubject', ${alias}.base_subject)`;
// OFFSET 0 keeps the key lookup (IDX_message_key, on md5 of the key) first: without it the planner may walk the whole
// message table backwards by id looking for the newest match, slower with every message.
const byMessageKeys = (keys: string) => `(
  SELECT ${candidate('c')} FROM (SELECT m.id, m.conversation_id FROM message m WHERE m.mailbox_id = input.mailbox_id AND md5(m.message_key) = ANY(ARRAY(SELECT md5(k) FROM unnest(${keys}) k)) AND m.message_key = ANY(${keys}) OFFSET 0) m
  JOIN conversation c ON c.id = m.conversation_id ORDER BY m.id DESC LIMIT 1)`;

function toCandidate(value: unknown): ConversationCandidate | null {
  if (!value) return null;
  const row = value as Omit<ConversationCandidate, 'lastMessageAt'> & { lastMessageAt: string };
  return { ...row, lastMessageAt: new Date(row.lastMessageAt) };
}

const previewColumns = (preview: ConversationPreview | null) => ({
  preview: preview?.text ?? null,
  preview_truncated: preview?.truncated ?? null,
  preview_message_id: preview?.messageId ?? null,
});

/** Largest statement of attachment bytes: a batch of big attachments goes in several. */
const ATTACHMENT_STATEMENT_BYTES = 32 * 1024 * 1024;

/**
 * Write side of conversations, shaped for ingestion: a mailbox import writes batches of messages,
 * so each call takes a whole batch and is one round trip.
 */
@Injectable()
export class IngestRepository {
  /** Everything threading and deduplication need to decide, for every message of a batch, in one query. */
  async threadingLookups(inputs: ThreadingKeys[], tx: Tx): Promise<ThreadingLookup[]> {
    if (inputs.length === 0) return [];
    const rows = await preparedQuery<Record<string, unknown>>(
      tx,
      'ingest_threading_lookups',
      `SELECT input.i,
         (SELECT COALESCE(json_agg(json_build_object('id', id::text, 'contentHash', content_hash)), '[]') FROM message
          WHERE mailbox_id = input.mailbox_id AND md5(message_key) = md5(input.key) AND message_key = input.key) AS "sameKey",
         COALESCE((SELECT ${candidate('c')} FROM conversation c WHERE c.mailbox_id = input.mailbox_id AND c.thread_token = input.token),
                  (SELECT ${candidate('c')} FROM conversation_merge cm JOIN conversation c ON c.id = cm.into_id
                   WHERE cm.absorbed_thread_token = input.token AND cm.undone_at IS NULL AND c.mailbox_id = input.mailbox_id ORDER BY cm.merged_at DESC LIMIT 1)) AS "byToken",
         ${byMessageKeys('input.in_reply_to')} AS "byInReplyTo",
         ${byMessageKeys('input.refs')} AS "byReferences",
         ${byMessageKeys('input.reported')} AS "byReported",
         (SELECT COALESCE(json_agg(x.candidate), '[]') FROM (
            SELECT ${candidate('c')} AS candidate FROM (SELECT * FROM conversation WHERE mailbox_id = input.mailbox_id AND md5(base_subject) = md5(input.base_subject) AND base_subject = input.base_subject AND input.base_subject <> '' OFFSET 0) c
            ORDER BY c.last_message_at DESC, c.id DESC LIMIT 10) x) AS "bySubject"
       FROM json_to_recordset($1::json) AS input(i int, mailbox_id uuid, key text, token text, in_reply_to text[], refs text[], reported text[], base_subject text)
       ORDER BY input.i`,
      [
        JSON.stringify(
          inputs.map((input, i) => ({
            i,
            mailbox_id: input.mailboxId,
            key: input.key,
            token: input.token,
            in_reply_to: input.inReplyTo,
            refs: input.references,
            reported: input.reported,
            base_subject: input.baseSubject,
          })),
        ),
      ],
    );
    if (rows.length !== inputs.length) throw new Error(`The threading lookup answered ${rows.length} of ${inputs.length} messages`);
    return rows.map((row) => ({
      sameKey: row.sameKey as ThreadingLookup['sameKey'],
      byToken: toCandidate(row.byToken),
      byInReplyTo: toCandidate(row.byInReplyTo),
      byReferences: toCandidate(row.byReferences),
      byReported: toCandidate(row.byReported),
      bySubject: (row.bySubject as unknown[]).map(toCandidate).filter((value): value is ConversationCandidate => value !== null),
    }));
  }

  /** Ids for the conversations and messages a batch will write, in order (so messages keep their order). */
  async allocateIds(conversations: number, messages: number, tx: Tx): Promise<{ conversations: string[]; messages: string[] }> {
    if (conversations === 0 && messages === 0) return { conversations: [], messages: [] };
    const [row] = await preparedQuery<{ conversations: string[]; messages: string[] }>(
      tx,
      'ingest_allocate_ids',
      `SELECT ARRAY(SELECT nextval('conversation_id_seq')::text FROM generate_series(1, $1)) AS conversations,
              ARRAY(SELECT nextval('message_id_seq')::text FROM generate_series(1, $2)) AS messages`,
      [conversations, messages],
    );
    const ascending = (values: string[]) => [...values].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
    return { conversations: ascending(row!.conversations), messages: ascending(row!.messages) };
  }

  /**
   * Records senders as contacts: new ones are created, a name is added to one that had none, and
   * nothing else is written (an unconditional update would rewrite the row for every message).
   * Sorted, so concurrent imports lock contacts in the same order.
   */
  async upsertContacts(contacts: { email: string; name: string | null }[], tx: Tx): Promise<void> {
    if (contacts.length === 0) return;
    const sorted = [...contacts].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    await preparedQuery(
      tx,
      'ingest_upsert_contacts',
      `INSERT INTO contact (email, name) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT ((md5(email))) DO UPDATE SET name = EXCLUDED.name WHERE contact.name IS NULL AND EXCLUDED.name IS NOT NULL`,
      [sorted.map((contact) => contact.email), sorted.map((contact) => contact.name)],
    );
  }

  /** New conversations with their state after the batch; their contacts must exist (upsertContacts). */
  async insertConversations(conversations: NewConversation[], tx: Tx): Promise<void> {
    if (conversations.length === 0) return;
    const rows = await preparedQuery(
      tx,
      'ingest_insert_conversations',
      `INSERT INTO conversation (id, mailbox_id, contact_id, subject, base_subject, status, waiting_since, last_message_at, message_count, participants,
                                 thread_token, version, assignee_id, preview, preview_truncated, preview_message_id)
       SELECT x.id, x.mailbox_id, contact.id, x.subject, x.base_subject, x.status, x.waiting_since, x.last_message_at, x.message_count, x.participants,
              x.thread_token, x.message_count, x.assignee_id, COALESCE(x.preview, ''), COALESCE(x.preview_truncated, false), x.preview_message_id
       FROM json_to_recordset($1::json) AS x(id bigint, mailbox_id uuid, contact_email text, subject text, base_subject text, status text, waiting_since timestamptz,
              last_message_at timestamptz, message_count int, participants text[], thread_token text, assignee_id uuid, preview text, preview_truncated boolean,
              preview_message_id bigint)
       JOIN contact ON contact.email = x.contact_email
       RETURNING id`,
      [
        JSON.stringify(
          conversations.map((conversation) => ({
            id: conversation.id,
            mailbox_id: conversation.mailboxId,
            contact_email: conversation.contactEmail,
            subject: conversation.subject,
            base_subject: conversation.baseSubject,
            status: conversation.status,
            waiting_since: conversation.waitingSince,
            last_message_at: conversation.lastMessageAt,
            message_count: conversation.messageCount,
            participants: conversation.participants,
            thread_token: conversation.threadToken,
            assignee_id: conversation.assigneeId,
            ...previewColumns(conversation.preview),
          })),
        ),
      ],
    );
    if (rows.length !== conversations.length) throw new Error(`Created ${rows.length} of ${conversations.length} conversations: a contact is missing`);
  }

  /**
   * Stores a batch of inbound messages (with their search vectors). Returns how many were written:
   * fewer than given means another process stored one of them meanwhile (same mailbox, key, content).
   */
  async insertInboundMessages(messages: NewInboundMessage[], tx: Tx): Promise<number> {
    if (messages.length === 0) return 0;
    const rows = await preparedQuery(
      tx,
      'ingest_insert_messages',
      `INSERT INTO message (id, conversation_id, mailbox_id, raw_message_id, direction, kind, message_id_header, message_key, content_hash, message_id_reused,
                            in_reply_to, "references", from_address, from_name, reply_to, to_addresses, cc_addresses, subject, sent_at, received_at,
                            text, html, new_text_start, new_text_end, new_text_interleaved, new_text_forwarded, thread_rule, decoding_issues, search)
       SELECT id, conversation_id, mailbox_id, raw_message_id, 'in', kind, message_id_header, message_key, content_hash, message_id_reused,
              in_reply_to, refs, from_address, from_name, reply_to, to_addresses, cc_addresses, subject, sent_at, received_at,
              text, html, new_text_start, new_text_end, new_text_interleaved, new_text_forwarded, thread_rule, decoding_issues,
              CASE WHEN search_text IS NULL THEN NULL ELSE to_tsvector('wholegrain', search_text) END
       FROM json_to_recordset($1::json) AS x(id bigint, conversation_id bigint, mailbox_id uuid, raw_message_id bigint, kind text, message_id_header text,
              message_key text, content_hash text, message_id_reused boolean, in_reply_to text[], refs text[], from_address text, from_name text,
              reply_to jsonb, to_addresses jsonb, cc_addresses jsonb, subject text, sent_at timestamptz, received_at timestamptz, text text, html text,
              new_text_start int, new_text_end int, new_text_interleaved boolean, new_text_forwarded boolean, thread_rule text, decoding_issues text[], search_text text)
       ORDER BY id
       ON CONFLICT (mailbox_id, md5(message_key), content_hash) DO NOTHING
       RETURNING id`,
      [
        JSON.stringify(
          messages.map((message) => ({
            id: message.id,
            conversation_id: message.conversationId,
            mailbox_id: message.mailboxId,
            raw_message_id: message.rawMessageId,
            kind: message.kind,
            message_id_header: message.messageIdHeader,
            message_key: message.messageKey,
            content_hash: message.contentHash,
            message_id_reused: message.messageIdReused,
            in_reply_to: message.inReplyTo,
            refs: message.references,
            from_address: message.fromAddress,
            from_name: message.fromName,
            reply_to: message.replyTo,
            to_addresses: message.toAddresses,
            cc_addresses: message.ccAddresses,
            subject: message.subject,
            sent_at: message.sentAt,
            received_at: message.receivedAt,
            text: message.text,
            html: message.html,
            new_text_start: message.newTextStart,
            new_text_end: message.newTextEnd,
            new_text_interleaved: message.newTextInterleaved,
            new_text_forwarded: message.newTextForwarded,
            thread_rule: message.threadRule,
            decoding_issues: message.decodingIssues,
            search_text: message.searchText,
          })),
        ),
      ],
    );
    return rows.length;
  }

  /** Applies a batch's messages to conversations that existed before it: activity, counts, participants, version, reopening, preview. */
  async touchConversations(touches: ConversationTouch[], tx: Tx): Promise<void> {
    if (touches.length === 0) return;
    await preparedQuery(
      tx,
      'ingest_touch_conversations',
      `UPDATE conversation SET
         last_message_at = GREATEST(conversation.last_message_at, t.last_message_at),
         message_count = conversation.message_count + t.message_count,
         version = conversation.version + t.message_count,
         participants = ARRAY(SELECT DISTINCT unnest(conversation.participants || t.participants)),
         snoozed_until = CASE WHEN t.customer_wrote_at IS NOT NULL AND conversation.status = ANY($2::text[]) THEN NULL ELSE conversation.snoozed_until END,
         status = CASE WHEN t.customer_wrote_at IS NOT NULL AND conversation.status = ANY($2::text[]) THEN 'open' ELSE conversation.status END,
         waiting_since = COALESCE(conversation.waiting_since, t.customer_wrote_at),
         preview = COALESCE(t.preview, conversation.preview),
         preview_truncated = CASE WHEN t.preview IS NOT NULL THEN t.preview_truncated ELSE conversation.preview_truncated END,
         preview_message_id = CASE WHEN t.preview IS NOT NULL THEN t.preview_message_id ELSE conversation.preview_message_id END,
         updated_at = now()
       FROM (SELECT * FROM json_to_recordset($1::json) AS x(id bigint, message_count int, last_message_at timestamptz, participants text[], customer_wrote_at timestamptz,
              preview text, preview_truncated boolean, preview_message_id bigint) ORDER BY id) t
       WHERE conversation.id = t.id`,
      [
        JSON.stringify(
          touches.map((touch) => ({
            id: touch.conversationId,
            message_count: touch.messageCount,
            last_message_at: touch.lastMessageAt,
            participants: touch.participants,
            customer_wrote_at: touch.customerWroteAt,
            ...previewColumns(touch.preview),
          })),
        ),
        REOPENED_BY_CUSTOMER,
      ],
    );
  }

  /** Tells every API process (and so every open inbox) that these conversations changed; sent on commit. */
  async notifyChanged(conversations: { id: string; mailboxId: string }[], tx: Tx): Promise<void> {
    if (conversations.length === 0) return;
    await preparedQuery(
      tx,
      'ingest_notify_changed',
      `SELECT pg_notify($3, json_build_object('type', 'conversation', 'conversationId', id, 'mailboxId', mailbox_id)::text)
       FROM unnest($1::text[], $2::text[]) AS x(id, mailbox_id)`,
      [conversations.map((conversation) => conversation.id), conversations.map((conversation) => conversation.mailboxId), LIVE_EVENTS_CHANNEL],
    );
  }

  async insertAttachments(attachments: (NewAttachment & { messageId: string })[], tx: Tx): Promise<void> {
    let start = 0;
    while (start < attachments.length) {
      let end = start;
      let bytes = 0;
      while (end < attachments.length && (end === start || bytes + attachments[end]!.bytes.length <= ATTACHMENT_STATEMENT_BYTES)) {
        bytes += attachments[end]!.bytes.length;
        end += 1;
      }
      const chunk = attachments.slice(start, end);
      const values: unknown[] = [];
      const rows = chunk.map((attachment, index) => {
        values.push(attachment.messageId, attachment.filename, attachment.contentType, attachment.size, attachment.sha256, attachment.contentId, attachment.disposition, attachment.bytes);
        const base = index * 8;
        return `(${Array.from({ length: 8 }, (_, column) => `$${base + column + 1}`).join(', ')})`;
      });
      await tx.query(`INSERT INTO attachment (message_id, filename, content_type, size, sha256, content_id, disposition, bytes) VALUES ${rows.join(', ')}`, values);
      start = end;
    }
  }
}
