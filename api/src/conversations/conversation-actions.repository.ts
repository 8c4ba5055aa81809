import { Injectable } from '@nestjs/common';
import { returningRows, type Tx } from '../database/transaction.js';
import type { ConversationStatus } from './conversation.entity.js';

export interface LockedConversation {
  id: string;
  mailboxId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  snoozedUntil: Date | null;
  version: number;
  subject: string;
  threadToken: string;
}

export interface TimelineEntry {
  conversationId: string;
  mailboxId: string;
  kind: 'note' | 'activity';
  authorId: string | null;
  text: string;
  activity: Record<string, unknown> | null;
  subject: string;
}

/** Writes of people's actions on conversations: status, assignment, notes and activity entries. */
@Injectable()
export class ConversationActionsRepository {
  async lock(id: string, tx: Tx): Promise<LockedConversation | null> {
    const [row] = await tx.query(
      `SELECT id::text, mailbox_id AS "mailboxId", status, assignee_id AS "assigneeId", snoozed_until AS "snoozedUntil", version, subject, thread_token AS "threadToken"
       FROM conversation WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return (row as LockedConversation | undefined) ?? null;
  }

  async setState(id: string, state: { status: ConversationStatus; assigneeId: string | null; snoozedUntil: Date | null }, tx: Tx): Promise<void> {
    await tx.query(`UPDATE conversation SET status = $2, assignee_id = $3, snoozed_until = $4, updated_at = now() WHERE id = $1`, [
      id,
      state.status,
      state.assigneeId,
      state.snoozedUntil,
    ]);
  }

  async activePersonName(id: string, tx: Tx): Promise<string | null> {
    const [row] = await tx.query(`SELECT name FROM person WHERE id = $1 AND active`, [id]);
    return (row as { name: string } | undefined)?.name ?? null;
  }

  /** A note bumps the conversation version (teammates replying see it); an activity entry does not. */
  async insertTimelineEntry(entry: TimelineEntry, at: Date, tx: Tx): Promise<string> {
    const [row] = await tx.query(
      `WITH inserted AS (
         INSERT INTO message (conversation_id, mailbox_id, direction, kind, subject, text, new_text_start, new_text_end, thread_rule, author_id, activity, received_at)
         VALUES ($1, $2, 'out', $3, $4, $5, 0, length($5), 'ours', $6, $7::jsonb, $8)
         RETURNING id
       ), touched AS (
         UPDATE conversation SET version = version + CASE WHEN $3 = 'note' THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1
       )
       SELECT id::text FROM inserted`,
      [entry.conversationId, entry.mailboxId, entry.kind, entry.subject, entry.text, entry.authorId, entry.activity === null ? null : JSON.stringify(entry.activity), at],
    );
    return (row as { id: string }).id;
  }

  /**
   * Takes back a close made moments ago (Undo, or a slip put right at once): the conversation's last
   * entry is this person's close from exactly `backTo`, made since `since`. The entry goes, so the
   * thread and the duty report read as if it was never closed; true when there was one to take back.
   */
  async withdrawClose(conversationId: string, personId: string, backTo: string, since: Date, tx: Tx): Promise<boolean> {
    const rows = await returningRows(
      tx,
      `DELETE FROM message WHERE id = (SELECT last.id FROM message last WHERE last.conversation_id = $1 ORDER BY last.id DESC LIMIT 1)
         AND kind = 'activity' AND author_id = $2 AND activity ->> 'type' = 'status' AND activity ->> 'to' = 'closed' AND activity ->> 'from' = $3 AND received_at >= $4
       RETURNING id`,
      [conversationId, personId, backTo, since],
    );
    return rows.length > 0;
  }

  /** Snoozed conversations whose time has come, reopened; returns them for activity entries. */
  wakeSnoozed(now: Date, tx: Tx): Promise<{ id: string; mailboxId: string; subject: string; snoozedUntil: Date }[]> {
    return returningRows(
      tx,
      `UPDATE conversation c SET status = 'open', snoozed_until = NULL, updated_at = now()
       FROM (SELECT id, snoozed_until FROM conversation WHERE status = 'snoozed' AND snoozed_until <= $1 ORDER BY snoozed_until LIMIT 200 FOR UPDATE SKIP LOCKED) due
       WHERE c.id = due.id
       RETURNING c.id::text, c.mailbox_id AS "mailboxId", c.subject, due.snoozed_until AS "snoozedUntil"`,
      [now],
    );
  }
}
