import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';

export type FixReplyStatus = 'draft' | 'sent' | 'discarded';

export interface FixReplyRow {
  id: string;
  status: FixReplyStatus;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
  issueId: string;
  issueUrl: string;
  issueTitle: string | null;
  conversationId: string;
  subject: string;
  contactEmail: string;
  contactName: string | null;
  quoteId: string | null;
  quoteText: string | null;
}

/** Which drafts to read: all, one, or those in a status. */
export type FixReplyFilter = { all: true } | { id: string } | { status: FixReplyStatus };

/** Each filter's condition: fixed SQL, the value (if any) always the parameter $1. */
const FIX_REPLY_CONDITIONS = { all: 'true', id: 'f.id = $1', status: 'f.status = $1' } as const;

/** "Fixed — tell them": drafts, their claims for sending, and the feedback settings. Parameterised SQL only. */
@Injectable()
export class FixRepliesRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  /** One draft per issue and conversation; null when that conversation has one already. */
  async insertFixReply(values: { issueId: string; conversationId: string; quoteId: string | null; text: string }, tx: Tx): Promise<string | null> {
    const [row] = (await tx.query(
      `INSERT INTO fix_reply (issue_link_id, conversation_id, quote_id, text) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT "UQ_fix_reply_issue_conversation" DO NOTHING RETURNING id`,
      [values.issueId, values.conversationId, values.quoteId, values.text],
    )) as { id: string }[];
    return row?.id ?? null;
  }

  fixReplies(filter: FixReplyFilter): Promise<FixReplyRow[]> {
    const [field, value] = Object.entries(filter)[0] as [keyof typeof FIX_REPLY_CONDITIONS, string | true];
    return this.db().query(
      `SELECT f.id, f.status, f.text, f.created_at AS "createdAt", f.sent_at AS "sentAt",
              i.id AS "issueId", i.url AS "issueUrl", i.title AS "issueTitle",
              c.id::text AS "conversationId", c.subject, ct.email AS "contactEmail", ct.name AS "contactName",
              q.id AS "quoteId", q.text AS "quoteText"
       FROM fix_reply f JOIN issue_link i ON i.id = f.issue_link_id JOIN conversation c ON c.id = f.conversation_id JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN quote q ON q.id = f.quote_id
       WHERE ${FIX_REPLY_CONDITIONS[field]} ORDER BY f.created_at DESC, c.id`,
      field === 'all' ? [] : [value],
    );
  }

  /** Claims a draft for sending (exactly once across clicks and processes). */
  async claimFixReply(id: string, by: string | null, tx?: Tx): Promise<{ conversationId: string; text: string } | null> {
    const [row] = await returningRows<{ conversationId: string; text: string }>(
      this.db(tx),
      `UPDATE fix_reply SET status = 'sent', sent_by = $2, sent_at = now() WHERE id = $1 AND status = 'draft' RETURNING conversation_id::text AS "conversationId", text`,
      [id, by],
    );
    return row ?? null;
  }

  async setFixReplyMessage(id: string, messageId: string): Promise<void> {
    await this.db().query(`UPDATE fix_reply SET sent_message_id = $2 WHERE id = $1`, [id, messageId]);
  }

  async unclaimFixReply(id: string): Promise<void> {
    await this.db().query(`UPDATE fix_reply SET status = 'draft', sent_by = NULL, sent_at = NULL WHERE id = $1 AND sent_message_id IS NULL`, [id]);
  }

  /** Edits or discards a draft; false when it is not a draft (any more). */
  async updateFixReply(id: string, changes: { text?: string; status?: 'discarded' }): Promise<boolean> {
    const rows = await returningRows(
      this.db(),
      `UPDATE fix_reply SET text = COALESCE($2, text), status = COALESCE($3, status) WHERE id = $1 AND status = 'draft' RETURNING id`,
      [id, changes.text ?? null, changes.status ?? null],
    );
    return rows.length > 0;
  }

  /** Who linked the issue a draft is for, when still active: the author of automatically sent replies. */
  async issueLinkerOf(fixReplyId: string): Promise<{ id: string; name: string; signature: string } | null> {
    const [row] = (await this.db().query(
      `SELECT p.id, p.name, p.signature FROM fix_reply f JOIN issue_link i ON i.id = f.issue_link_id JOIN person p ON p.id = i.created_by WHERE f.id = $1 AND p.active`,
      [fixReplyId],
    )) as { id: string; name: string; signature: string }[];
    return row ?? null;
  }

  async conversationVersion(id: string): Promise<number | null> {
    const [row] = (await this.db().query(`SELECT version FROM conversation WHERE id = $1`, [id])) as { version: number }[];
    return row?.version ?? null;
  }

  async setting(key: string): Promise<unknown> {
    const [row] = (await this.db().query(`SELECT value FROM app_setting WHERE key = $1`, [key])) as { value: unknown }[];
    return row?.value ?? null;
  }

  async putSetting(key: string, value: unknown, by: string): Promise<void> {
    await this.db().query(
      `INSERT INTO app_setting (key, value, updated_by) VALUES ($1, $2::jsonb, $3) ON CONFLICT ON CONSTRAINT "PK_app_setting" DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), by],
    );
  }
}
