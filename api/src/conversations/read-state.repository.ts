import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';

/** Per-person read state (list rows read it in the page's own statement: factsColumns), and the view counts. */
@Injectable()
export class ReadStateRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Everything up to `throughMessageId` (the newest message the person was shown) counts as read, and so do the person's notifications about it. */
  async markRead(personId: string, conversationId: string, throughMessageId: string): Promise<void> {
    // One round trip (this runs on every conversation opened): what told the person about the conversation is
    // read with it, so the bell's count drops and a batched email about it (not yet sent) leaves it out.
    await this.transactions.manager.query(
      `WITH marked AS (
         INSERT INTO conversation_read (person_id, conversation_id, read_through_message_id, read_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (person_id, conversation_id) DO UPDATE
           SET read_through_message_id = GREATEST(conversation_read.read_through_message_id, EXCLUDED.read_through_message_id), read_at = now()
       )
       UPDATE notification SET read_at = now() WHERE person_id = $1 AND conversation_id = $2 AND read_at IS NULL AND in_app`,
      [personId, conversationId, throughMessageId],
    );
  }

  /**
   * Conversations per mailbox and status, split by assignment (unassigned, the person's, others'),
   * from the counter the conversation triggers keep (migration ConversationCounts): a few hundred
   * rows at most, whatever the number of conversations. `rows` is how many delta rows were summed.
   */
  async counts(personId: string): Promise<{ groups: { mailboxId: string; status: string; unassigned: boolean; mine: boolean; count: number }[]; rows: number }> {
    const groups = (await this.transactions.manager.query(
      `SELECT mailbox_id AS "mailboxId", status, assignee_id IS NULL AS unassigned, COALESCE(assignee_id = $1, false) AS mine,
              sum(n)::int AS count, count(*)::int AS rows
       FROM conversation_count GROUP BY mailbox_id, status, assignee_id`,
      [personId],
    )) as { mailboxId: string; status: string; unassigned: boolean; mine: boolean; count: number; rows: number }[];
    return { groups: groups.filter((group) => group.count !== 0), rows: groups.reduce((sum, group) => sum + group.rows, 0) };
  }

  /**
   * Folds the counter's delta rows into one row per group (groups that sum to nothing go). One
   * statement: rows written meanwhile are not in its snapshot and stay as they are; a concurrent fold
   * skips the rows this one deleted. The sums are the same before and after.
   */
  async compactCounts(): Promise<void> {
    await this.transactions.manager.query(
      `WITH gone AS (DELETE FROM conversation_count RETURNING mailbox_id, status, assignee_id, n)
       INSERT INTO conversation_count (mailbox_id, status, assignee_id, n)
       SELECT mailbox_id, status, assignee_id, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
    );
  }
}
