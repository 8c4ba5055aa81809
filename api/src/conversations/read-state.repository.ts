import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';

export interface ConversationFacts {
  id: string;
  /** Customer mail received after the person last opened the conversation (or never opened). */
  unread: boolean;
  /** Our latest reply's time, or null. */
  lastReplyAt: Date | null;
}

/** Per-person read state, and the facts a list row shows beside it: one statement per page of rows. */
@Injectable()
export class ReadStateRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Everything up to `throughMessageId` (the newest message the person was shown) counts as read. */
  async markRead(personId: string, conversationId: string, throughMessageId: string): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO conversation_read (person_id, conversation_id, read_through_message_id, read_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (person_id, conversation_id) DO UPDATE
         SET read_through_message_id = GREATEST(conversation_read.read_through_message_id, EXCLUDED.read_through_message_id), read_at = now()`,
      [personId, conversationId, throughMessageId],
    );
  }

  async facts(personId: string, conversationIds: string[]): Promise<ConversationFacts[]> {
    if (conversationIds.length === 0) return [];
    return this.transactions.manager.query(
      `SELECT c.id::text AS id,
              EXISTS (SELECT 1 FROM message m
                      WHERE m.conversation_id = c.id AND m.direction = 'in' AND m.kind = 'email'
                        AND m.id > COALESCE(r.read_through_message_id, 0)) AS unread,
              (SELECT max(m.received_at) FROM message m WHERE m.conversation_id = c.id AND m.direction = 'out' AND m.kind = 'email') AS "lastReplyAt"
       FROM unnest($2::bigint[]) AS c(id)
       LEFT JOIN conversation_read r ON r.person_id = $1 AND r.conversation_id = c.id`,
      [personId, conversationIds],
    );
  }

  /** Conversations per mailbox and status, split by assignment (unassigned, the person's, others'). One scan. */
  counts(personId: string): Promise<{ mailboxId: string; status: string; unassigned: boolean; mine: boolean; count: number }[]> {
    return this.transactions.manager.query(
      `SELECT mailbox_id AS "mailboxId", status, assignee_id IS NULL AS unassigned, COALESCE(assignee_id = $1, false) AS mine, count(*)::int AS count
       FROM conversation GROUP BY 1, 2, 3, 4`,
      [personId],
    );
  }
}
