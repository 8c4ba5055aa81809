import { Injectable } from '@nestjs/common';
import type { AddressDto } from '../conversations/message.entity.js';
import { returningRows, type Tx } from '../database/transaction.js';

/** A new conversation ready to be stored: what goes into the conversation and its email, and what the dialog had (for undo). */
export interface PreparedConversation {
  conversationId: string;
  mailboxId: string;
  authorId: string;
  contactEmail: string;
  subject: string;
  baseSubject: string;
  status: 'pending' | 'open' | 'closed';
  participants: string[];
  threadToken: string;
  text: string;
  html: string;
  messageIdHeader: string;
  from: AddressDto;
  to: AddressDto[];
  cc: AddressDto[];
  bcc: AddressDto[];
  attachmentIds: string[];
  dialog: { text: string; subject: string; to: string[]; cc: string[]; bcc: string[] };
}

/**
 * New conversations waiting out their author's undo time. Release and undo both take the row by
 * deleting it, so of two racing exactly one wins: one taken back is never stored or sent, one
 * released can no longer be taken back.
 */
@Injectable()
export class HeldConversationRepository {
  /** A conversation number from the conversation sequence (used as is when it is stored). */
  async nextConversationId(tx: Tx): Promise<string> {
    const [row] = await tx.query(`SELECT nextval(pg_get_serial_sequence('conversation', 'id'))::text AS id`);
    return (row as { id: string }).id;
  }

  async hold(prepared: PreparedConversation, sendAfter: Date, tx: Tx): Promise<void> {
    await tx.query(`INSERT INTO held_conversation (id, author_id, mailbox_id, send_after, upload_ids, draft) VALUES ($1, $2, $3, $4, $5::uuid[], $6::jsonb)`, [
      prepared.conversationId,
      prepared.authorId,
      prepared.mailboxId,
      sendAfter,
      prepared.attachmentIds,
      JSON.stringify(prepared),
    ]);
  }

  /** The held conversation, locked (waits for a release in progress; then finds it gone). */
  async lock(id: string, tx: Tx): Promise<{ authorId: string; draft: PreparedConversation } | null> {
    const [row] = await tx.query(`SELECT author_id AS "authorId", draft FROM held_conversation WHERE id = $1 FOR UPDATE`, [id]);
    return (row as { authorId: string; draft: PreparedConversation } | undefined) ?? null;
  }

  /** Whether this person's conversation with this number exists (was released already). */
  async startedBy(id: string, authorId: string, tx: Tx): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM message WHERE conversation_id = $1 AND author_id = $2 AND direction = 'out' LIMIT 1`, [id, authorId])) as unknown[];
    return rows.length > 0;
  }

  async remove(id: string, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM held_conversation WHERE id = $1`, [id]);
  }

  /** The uploads it carried (still the person's), in the dialog's order. */
  uploads(ids: string[], personId: string, tx: Tx): Promise<{ id: string; filename: string; contentType: string; size: number }[]> {
    return tx.query(
      `SELECT id, filename, content_type AS "contentType", size FROM reply_upload WHERE id = ANY($1::uuid[]) AND person_id = $2 ORDER BY array_position($1::uuid[], id)`,
      [ids, personId],
    ) as Promise<{ id: string; filename: string; contentType: string; size: number }[]>;
  }

  /** Takes the next held conversation whose time has come (another process's in-flight ones are skipped), lowest number first. */
  async takeNextDue(now: Date, tx: Tx): Promise<PreparedConversation | null> {
    const [row] = await returningRows<{ draft: PreparedConversation }>(
      tx,
      `DELETE FROM held_conversation WHERE id = (SELECT id FROM held_conversation WHERE send_after <= $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING draft`,
      [now],
    );
    return row?.draft ?? null;
  }

  /** Tries a held conversation again later (it could not be stored now). */
  async putOff(id: string, sendAfter: Date, tx: Tx): Promise<boolean> {
    const rows = await returningRows<{ id: string }>(tx, `UPDATE held_conversation SET send_after = $2 WHERE id = $1 RETURNING id`, [id, sendAfter]);
    return rows.length > 0;
  }
}
