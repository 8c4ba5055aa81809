import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';

/** Per-person read state (list rows read it in the page's own statement: factsColumns), and the view counts. */
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

  /** Conversations per mailbox and status, split by assignment (unassigned, the person's, others'). One scan. */
  counts(personId: string): Promise<{ mailboxId: string; status: string; unassigned: boolean; mine: boolean; count: number }[]> {
    return this.transactions.manager.query(
      `SELECT mailbox_id AS "mailboxId", status, assignee_id IS NULL AS unassigned, COALESCE(assignee_id = $1, false) AS mine, count(*)::int AS count
       FROM conversation GROUP BY 1, 2, 3, 4`,
      [personId],
    );
  }
}
