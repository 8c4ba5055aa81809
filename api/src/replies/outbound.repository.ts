import { Injectable } from '@nestjs/common';
import type { AddressDto } from '../conversations/message.entity.js';
import type { Tx } from '../database/transaction.js';

/** A message of a conversation that can be forwarded: mail (the customer's, ours, auto-replies, bounces), never notes. */
export interface ForwardableRow {
  id: string;
  direction: 'in' | 'out';
  fromAddress: string | null;
  fromName: string | null;
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
  sentAt: Date | null;
  receivedAt: Date;
  subject: string;
  text: string;
}

export interface NewForward {
  conversationId: string;
  mailboxId: string;
  authorId: string;
  text: string;
  noteEnd: number;
  subject: string;
  messageIdHeader: string;
  messageKey: string;
  from: AddressDto;
  to: AddressDto[];
  cc: AddressDto[];
  queuedAt: Date;
  /** What went: one message or the whole conversation, and which messages. */
  record: { type: 'forward'; scope: 'message' | 'conversation'; messageIds: string[] };
}

export interface NewOutboundConversation {
  /** Its number, taken from the conversation sequence beforehand. */
  id: string;
  mailboxId: string;
  contactEmail: string;
  contactName: string | null;
  subject: string;
  baseSubject: string;
  status: 'pending' | 'open' | 'closed';
  participants: string[];
  threadToken: string;
  assigneeId: string;
  now: Date;
}

const MAIL_KINDS = `('email', 'auto_reply', 'bounce', 'bulk')`;

/** Mail we start ourselves: forwards out of a conversation and new conversations with a customer. */
@Injectable()
export class OutboundRepository {
  /** The messages to forward in the thread's order: the one named, or every mail of the conversation. */
  async forwardable(conversationId: string, messageId: string | null, tx: Tx): Promise<ForwardableRow[]> {
    return (await tx.query(
      `SELECT id::text, direction, from_address AS "fromAddress", from_name AS "fromName", to_addresses AS "toAddresses", cc_addresses AS "ccAddresses",
              sent_at AS "sentAt", received_at AS "receivedAt", subject, text
       FROM message WHERE conversation_id = $1 AND kind IN ${MAIL_KINDS} AND ($2::bigint IS NULL OR id = $2::bigint)
         AND (direction = 'in' OR send_status IS DISTINCT FROM 'failed')
       ORDER BY message.id`,
      [conversationId, messageId],
    )) as ForwardableRow[];
  }

  /** The forward and its outbox entry in one row; the conversation's version moves (teammates see it), its status and waiting time do not. */
  async insertForward(forward: NewForward, tx: Tx): Promise<string> {
    const [row] = await tx.query(
      `WITH inserted AS (
         INSERT INTO message (conversation_id, mailbox_id, direction, kind, message_id_header, message_key, from_address, from_name, to_addresses, cc_addresses,
                              subject, received_at, text, new_text_start, new_text_end, thread_rule, author_id, send_status, next_send_at, activity)
         VALUES ($1, $2, 'out', 'forward', $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, 0, $12, 'ours', $13, 'queued', $10, $14::jsonb)
         RETURNING id
       ), touched AS (
         UPDATE conversation SET version = version + 1, message_count = message_count + 1, updated_at = now() WHERE id = $1
       )
       SELECT id::text FROM inserted`,
      [
        forward.conversationId,
        forward.mailboxId,
        forward.messageIdHeader,
        forward.messageKey,
        forward.from.address,
        forward.from.name,
        JSON.stringify(forward.to),
        JSON.stringify(forward.cc),
        forward.subject,
        forward.queuedAt,
        forward.text,
        forward.noteEnd,
        forward.authorId,
        JSON.stringify(forward.record),
      ],
    );
    return (row as { id: string }).id;
  }

  /** The attachments a forward of these messages carries (copyAttachments copies exactly these), for the size limits. */
  async originalAttachments(messageIds: string[], tx: Tx): Promise<{ filename: string | null; size: number }[]> {
    return (await tx.query(`SELECT filename, size FROM attachment WHERE message_id = ANY($1::bigint[]) ORDER BY array_position($1::bigint[], message_id), seq`, [messageIds])) as {
      filename: string | null;
      size: number;
    }[];
  }

  /** The forwarded messages' attachments become the forward's, bytes and sha256 as stored, in message order. */
  async copyAttachments(forwardId: string, messageIds: string[], tx: Tx): Promise<void> {
    await tx.query(
      `INSERT INTO attachment (message_id, filename, content_type, size, sha256, content_id, disposition, bytes)
       SELECT $1, filename, content_type, size, sha256, NULL, 'attachment', bytes FROM attachment
       WHERE message_id = ANY($2::bigint[]) ORDER BY array_position($2::bigint[], message_id), seq`,
      [forwardId, messageIds],
    );
  }

  /** The contact for an address (created when new; a name is filled in only where none was known). */
  async upsertContact(email: string, name: string | null, tx: Tx): Promise<void> {
    await tx.query(
      `INSERT INTO contact (email, name) VALUES ($1, $2)
       ON CONFLICT ((md5(email))) DO UPDATE SET name = EXCLUDED.name WHERE contact.name IS NULL AND EXCLUDED.name IS NOT NULL`,
      [email, name],
    );
  }

  /** A conversation we start: no messages yet (the first is our email, stored next through the outbox). */
  async insertConversation(conversation: NewOutboundConversation, tx: Tx): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO conversation (id, mailbox_id, contact_id, subject, base_subject, status, waiting_since, last_message_at, message_count, participants, thread_token, version, assignee_id)
       SELECT $10, $1, contact.id, $3, $4, $5, NULL, $6, 0, $7::text[], $8, 0, $9 FROM contact WHERE md5(contact.email) = md5($2) AND contact.email = $2
       RETURNING id::text`,
      [
        conversation.mailboxId,
        conversation.contactEmail,
        conversation.subject,
        conversation.baseSubject,
        conversation.status,
        conversation.now,
        conversation.participants,
        conversation.threadToken,
        conversation.assigneeId,
        conversation.id,
      ],
    );
    return (row as { id: string }).id;
  }

  /** Addresses the team has mailed with, for the To field's suggestions. */
  async suggestContacts(prefix: string, limit: number, tx: Tx): Promise<AddressDto[]> {
    return (await tx.query(
      `SELECT email AS address, name FROM contact
       WHERE email <> 'unknown-sender@sender.invalid' AND (email ILIKE $1 || '%' ESCAPE '\\' OR name ILIKE '%' || $1 || '%' ESCAPE '\\')
       ORDER BY email LIMIT $2`,
      [prefix.replace(/[\\%_]/g, (match) => `\\${match}`), limit],
    )) as AddressDto[];
  }
}
