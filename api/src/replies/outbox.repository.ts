import { Injectable } from '@nestjs/common';
import type { AddressDto } from '../conversations/message.entity.js';
import { returningRows, type Tx } from '../database/transaction.js';

export interface NewOutboundReply {
  conversationId: string;
  mailboxId: string;
  authorId: string;
  text: string;
  html: string;
  subject: string;
  messageIdHeader: string;
  messageKey: string;
  inReplyTo: string[];
  references: string[];
  from: AddressDto;
  to: AddressDto[];
  cc: AddressDto[];
  bcc: AddressDto[];
  queuedAt: Date;
  /** Undo send: held (not sent) until this time, keeping what undo needs. Absent: queued at once. */
  sendAfter?: Date;
  heldDraft?: object;
}

export interface AnsweredMessage {
  messageIdHeader: string | null;
  references: string[];
  fromAddress: string | null;
  fromName: string | null;
  replyTo: AddressDto[];
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
}

export interface OutboxItem {
  id: string;
  conversationId: string;
  mailboxId: string;
  text: string;
  html: string | null;
  subject: string;
  messageIdHeader: string;
  inReplyTo: string[];
  references: string[];
  fromAddress: string;
  fromName: string | null;
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
  bccAddresses: AddressDto[];
  sendAttempts: number;
}

/** The outbox: replies stored with their conversation's bookkeeping, claimed for sending, and their send outcome. */
@Injectable()
export class OutboxRepository {
  /** The customer message a reply answers: the latest inbound email (else any inbound message). */
  async answeredMessage(conversationId: string, tx: Tx): Promise<AnsweredMessage | null> {
    const [row] = await tx.query(
      `SELECT message_id_header AS "messageIdHeader", "references", from_address AS "fromAddress", from_name AS "fromName", reply_to AS "replyTo",
              to_addresses AS "toAddresses", cc_addresses AS "ccAddresses"
       FROM message WHERE conversation_id = $1 AND direction = 'in'
       ORDER BY (kind = 'email') DESC, received_at DESC, id DESC LIMIT 1`,
      [conversationId],
    );
    return (row as AnsweredMessage | undefined) ?? null;
  }

  async rootMessageId(conversationId: string, tx: Tx): Promise<string | null> {
    const [row] = await tx.query(
      `SELECT message_id_header AS "messageIdHeader" FROM message WHERE conversation_id = $1 AND message_id_header IS NOT NULL AND kind IN ('email', 'auto_reply', 'bounce', 'bulk') ORDER BY received_at, id LIMIT 1`,
      [conversationId],
    );
    return (row as { messageIdHeader: string } | undefined)?.messageIdHeader ?? null;
  }

  /** The reply and its outbox entry in one row: queued, to be sent from `queuedAt` on (or held until `sendAfter`). */
  async insertReply(reply: NewOutboundReply, tx: Tx): Promise<string> {
    const [row] = await tx.query(
      `WITH inserted AS (
         INSERT INTO message (conversation_id, mailbox_id, direction, kind, message_id_header, message_key, in_reply_to, "references", from_address, from_name,
                              to_addresses, cc_addresses, bcc_addresses, subject, received_at, text, html, new_text_start, new_text_end, thread_rule, author_id, send_status, next_send_at, held_draft)
         VALUES ($1, $2, 'out', 'email', $3, $4, $5::text[], $6::text[], $7, $8, $9::jsonb, $15::jsonb, $16::jsonb, $10, $11, $12, $13, 0, length($12), 'ours', $14,
                 CASE WHEN $17::timestamptz IS NULL THEN 'queued' ELSE 'held' END, COALESCE($17::timestamptz, $11), $18::jsonb)
         RETURNING id
       ), touched AS (
         UPDATE conversation SET version = version + 1, message_count = message_count + 1, last_message_at = GREATEST(last_message_at, $11),
                waiting_since = NULL, updated_at = now()
         WHERE id = $1
       )
       SELECT id::text FROM inserted`,
      [
        reply.conversationId,
        reply.mailboxId,
        reply.messageIdHeader,
        reply.messageKey,
        reply.inReplyTo,
        reply.references,
        reply.from.address,
        reply.from.name,
        JSON.stringify(reply.to),
        reply.subject,
        reply.queuedAt,
        reply.text,
        reply.html,
        reply.authorId,
        JSON.stringify(reply.cc),
        JSON.stringify(reply.bcc),
        reply.sendAfter ?? null,
        reply.heldDraft ? JSON.stringify(reply.heldDraft) : null,
      ],
    );
    return (row as { id: string }).id;
  }

  /** What arrived after the version an author saw: the newest `count` messages, notes and replies. */
  async newestEntries(conversationId: string, count: number, tx: Tx): Promise<string[]> {
    if (count <= 0) return [];
    const rows = (await tx.query(
      `SELECT id::text FROM message WHERE conversation_id = $1 AND kind <> 'activity' ORDER BY message.id DESC LIMIT $2`,
      [conversationId, count],
    )) as { id: string }[];
    return rows.map((row) => row.id).reverse();
  }

  /**
   * Claims due replies for sending. The claim pushes next_send_at out by a lease, so a process that
   * dies mid-send leaves the reply to be retried; SKIP LOCKED keeps several workers apart.
   */
  claimDue(now: Date, leaseSeconds: number, limit: number, tx: Tx): Promise<OutboxItem[]> {
    return returningRows<OutboxItem>(
      tx,
      `UPDATE message m SET next_send_at = $1::timestamptz + make_interval(secs => $2), send_attempts = send_attempts + 1
       WHERE m.id IN (SELECT id FROM message WHERE send_status = 'queued' AND next_send_at <= $1 ORDER BY next_send_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING m.id::text, m.conversation_id::text AS "conversationId", m.mailbox_id AS "mailboxId", m.text, m.html, m.subject, m.message_id_header AS "messageIdHeader",
                 m.in_reply_to AS "inReplyTo", m."references", m.from_address AS "fromAddress", m.from_name AS "fromName", m.to_addresses AS "toAddresses", m.cc_addresses AS "ccAddresses", m.bcc_addresses AS "bccAddresses",
                 m.send_attempts AS "sendAttempts"`,
      [now, leaseSeconds, limit],
    );
  }

  /** Claimed replies this process will not try after all (it is stopping): due again now, the attempt not counted. */
  async releaseClaims(ids: string[], now: Date, tx: Tx): Promise<void> {
    await tx.query(`UPDATE message SET next_send_at = $2, send_attempts = GREATEST(send_attempts - 1, 0) WHERE id = ANY($1::bigint[]) AND send_status = 'queued'`, [ids, now]);
  }

  async markSent(id: string, at: Date, tx: Tx): Promise<void> {
    await tx.query(`UPDATE message SET send_status = 'sent', sent_at = $2, next_send_at = NULL, send_error = NULL WHERE id = $1 AND send_status = 'queued'`, [id, at]);
  }

  async markRetry(id: string, nextAt: Date, error: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE message SET next_send_at = $2, send_error = $3 WHERE id = $1 AND send_status = 'queued'`, [id, nextAt, error]);
  }

  async markFailed(id: string, error: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE message SET send_status = 'failed', next_send_at = NULL, send_error = $2 WHERE id = $1 AND send_status = 'queued'`, [id, error]);
  }

  /** A failed reply goes back to the queue, keeping its Message-ID. */
  async requeue(id: string, now: Date, tx: Tx): Promise<{ conversationId: string } | null> {
    const [row] = await returningRows<{ conversationId: string }>(
      tx,
      `UPDATE message SET send_status = 'queued', next_send_at = $2, send_error = NULL, send_attempts = 0
       WHERE id = $1 AND send_status = 'failed' RETURNING conversation_id::text AS "conversationId"`,
      [id, now],
    );
    return row ?? null;
  }
}
