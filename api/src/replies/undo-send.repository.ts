import { Injectable } from '@nestjs/common';
import type { ConversationStatus } from '../conversations/conversation.entity.js';
import { returningRows, type Tx } from '../database/transaction.js';

/** What a held reply keeps for undo: the composer's words and recipients, and the conversation before the reply. */
export interface HeldReplyDraft {
  text: string;
  to: string[];
  cc: string[];
  bcc: string[];
  before: { status: ConversationStatus; snoozedUntil: string | null; waitingSince: string | null; lastMessageAt: string };
}

/**
 * What a held forward keeps for undo: the dialog's note and recipients, what it forwarded (one
 * message, or the whole conversation when null), and which of its attachments were the person's own
 * files (they go back as uploads; the originals' copies go with the forward).
 */
export interface HeldForwardDraft {
  text: string;
  to: string[];
  cc: string[];
  bcc: string[];
  forward: { messageId: string | null; uploadAttachmentIds: string[] };
}

export type HeldDraft = HeldReplyDraft | HeldForwardDraft;

export const isForwardDraft = (draft: HeldDraft): draft is HeldForwardDraft => 'forward' in draft;

export interface HeldReply {
  id: string;
  conversationId: string;
  authorId: string | null;
  kind: 'email' | 'forward';
  held: boolean;
}

/**
 * Undo send: replies held for their author's undo time, released to the outbox when it has passed,
 * or taken back. Release and take-back are conditional on `send_status = 'held'` under the row lock,
 * so of two processes racing on one reply exactly one wins: a reply taken back is never sent, and a
 * reply released is no longer undone.
 */
@Injectable()
export class UndoSendRepository {
  /** The conversation's fields a reply changes and undo puts back. */
  async before(conversationId: string, tx: Tx): Promise<{ waitingSince: string | null; lastMessageAt: string }> {
    const [row] = await tx.query(`SELECT waiting_since AS "waitingSince", last_message_at AS "lastMessageAt" FROM conversation WHERE id = $1`, [conversationId]);
    const { waitingSince, lastMessageAt } = row as { waitingSince: Date | null; lastMessageAt: Date };
    return { waitingSince: waitingSince?.toISOString() ?? null, lastMessageAt: lastMessageAt.toISOString() };
  }

  async find(id: string, tx: Tx): Promise<HeldReply | null> {
    const [row] = await tx.query(
      `SELECT id::text, conversation_id::text AS "conversationId", author_id AS "authorId", kind, send_status = 'held' AS held
       FROM message WHERE id = $1 AND direction = 'out' AND kind IN ('email', 'forward')`,
      [id],
    );
    return (row as HeldReply | undefined) ?? null;
  }

  /** Locks the reply if it is still held (waits for a release in progress; then finds it released). */
  async lockHeld(id: string, authorId: string, tx: Tx): Promise<{ draft: HeldDraft; receivedAt: Date } | null> {
    const [row] = await tx.query(`SELECT held_draft AS draft, received_at AS "receivedAt" FROM message WHERE id = $1 AND author_id = $2 AND send_status = 'held' FOR UPDATE`, [id, authorId]);
    return (row as { draft: HeldDraft; receivedAt: Date } | undefined) ?? null;
  }

  /**
   * The reply's files go back to the composer as uploads (same bytes and sha256), in their order;
   * `only`: just these attachments (a forward's own files, not the originals' copies).
   */
  returnAttachments(messageId: string, personId: string, tx: Tx, only?: string[]): Promise<{ id: string; filename: string; contentType: string; size: number }[]> {
    return returningRows(
      tx,
      `WITH moved AS (DELETE FROM attachment WHERE message_id = $1 AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[])) RETURNING *)
       INSERT INTO reply_upload (person_id, filename, content_type, size, sha256, bytes)
       SELECT $2, COALESCE(filename, 'attachment'), content_type, size, sha256, bytes FROM moved ORDER BY array_position($3::uuid[], id), seq
       RETURNING id, filename, content_type AS "contentType", size`,
      [messageId, personId, only ?? null],
    );
  }

  /** Holds a forward just stored (queued, in this transaction) for its author's undo time. */
  async holdForward(id: string, sendAfter: Date, draft: HeldForwardDraft, tx: Tx): Promise<void> {
    await tx.query(`UPDATE message SET send_status = 'held', next_send_at = $2, held_draft = $3::jsonb WHERE id = $1 AND send_status = 'queued'`, [id, sendAfter, JSON.stringify(draft)]);
  }

  /** Removes a held forward (its originals' copies with it); the conversation only loses the entry (a forward changed nothing else). */
  async removeForward(forward: { id: string; conversationId: string }, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM message WHERE id = $1 AND send_status = 'held'`, [forward.id]);
    await tx.query(`UPDATE conversation SET version = version + 1, message_count = GREATEST(message_count - 1, 0), updated_at = now() WHERE id = $1`, [forward.conversationId]);
  }

  /**
   * Removes the held reply and puts the conversation back as it was before it (status only if the
   * reply set it and nobody changed it since), with the "replied and …" entry the reply added.
   */
  async remove(reply: { id: string; conversationId: string; authorId: string; draft: HeldReplyDraft }, status: { now: ConversationStatus; setByReply: boolean }, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM message WHERE id = $1 AND send_status = 'held'`, [reply.id]);
    if (status.setByReply) {
      await tx.query(
        `DELETE FROM message WHERE id = (SELECT id FROM message WHERE conversation_id = $1 AND kind = 'activity' AND author_id = $2 AND id > $3 AND activity->>'type' = 'status' AND activity->>'to' = $4 ORDER BY id LIMIT 1)`,
        [reply.conversationId, reply.authorId, reply.id, status.now],
      );
    }
    const before = reply.draft.before;
    await tx.query(
      `UPDATE conversation SET version = version + 1, message_count = GREATEST(message_count - 1, 0), updated_at = now(),
              last_message_at = COALESCE((SELECT max(received_at) FROM message WHERE conversation_id = $1 AND kind <> 'activity'), $2::timestamptz),
              waiting_since = CASE WHEN waiting_since IS NULL THEN $3::timestamptz ELSE waiting_since END,
              status = CASE WHEN $4 THEN $5 ELSE status END,
              snoozed_until = CASE WHEN $4 THEN $6::timestamptz ELSE snoozed_until END
       WHERE id = $1`,
      [reply.conversationId, before.lastMessageAt, before.waitingSince, status.setByReply, before.status, before.snoozedUntil],
    );
  }

  /** Held replies whose time has come enter the outbox (due at once); returns their conversations. */
  async release(now: Date, tx: Tx): Promise<{ conversationId: string; mailboxId: string }[]> {
    // Conversations first (in id order), then their messages: the order undo takes them in, and the
    // order the message triggers (customer_wait) lock in, so a release racing an undo waits, never deadlocks.
    await tx.query(
      `SELECT id FROM conversation WHERE id IN (SELECT conversation_id FROM message WHERE send_status = 'held' AND next_send_at <= $1) ORDER BY id FOR UPDATE`,
      [now],
    );
    return returningRows(
      tx,
      `UPDATE message SET send_status = 'queued', held_draft = NULL
       WHERE send_status = 'held' AND next_send_at <= $1
       RETURNING conversation_id::text AS "conversationId", mailbox_id AS "mailboxId"`,
      [now],
    );
  }
}
