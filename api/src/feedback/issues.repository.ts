import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { FOREIGN_KEY_VIOLATION, sqlState } from '../database/errors.js';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import type { IssueStateDto, TrackerDto } from './feedback.types.js';

export interface IssueRow {
  id: string;
  tracker: TrackerDto;
  url: string;
  externalId: string | null;
  title: string | null;
  fixSummary: string | null;
  state: IssueStateDto;
  fixedAt: Date | null;
  createdBy: string | null;
  themes: { id: string; name: string }[];
  conversations: { id: string; number: number; subject: string }[];
}

/** Which issue links to read: all, one, those linked to a theme, or those that concern a conversation. */
export type IssueFilter = { all: true } | { id: string } | { themeId: string } | { conversationId: string };

export interface NewIssue {
  url: string;
  tracker: string;
  externalId: string | null;
  title: string | null;
  createdBy: string;
}

/** A conversation to tell about a fix, with the customer's words to give back. */
export interface ConversationToTell {
  conversationId: string;
  quoteId: string | null;
  quoteText: string | null;
  contactName: string | null;
  first: { text: string; start: number; end: number } | null;
}

const ISSUE_SELECT = `
  SELECT i.id, i.tracker, i.url, i.external_id AS "externalId", i.title, i.fix_summary AS "fixSummary", i.state, i.fixed_at AS "fixedAt", i.created_by AS "createdBy",
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) FROM issue_link_theme it JOIN theme t ON t.id = it.theme_id WHERE it.issue_link_id = i.id), '[]') AS themes,
         COALESCE((SELECT json_agg(json_build_object('id', c.id::text, 'number', c.id, 'subject', c.subject) ORDER BY c.id) FROM issue_link_conversation ic JOIN conversation c ON c.id = ic.conversation_id WHERE ic.issue_link_id = i.id), '[]') AS conversations
  FROM issue_link i`;

/** Each filter's condition: fixed SQL, the value (if any) always the parameter $1. */
const ISSUE_CONDITIONS = {
  all: 'true',
  id: 'i.id = $1',
  themeId: 'EXISTS (SELECT 1 FROM issue_link_theme x WHERE x.issue_link_id = i.id AND x.theme_id = $1)',
  // Linked to the conversation, or to a theme of one of its live quotes.
  conversationId: `EXISTS (SELECT 1 FROM issue_link_conversation x WHERE x.issue_link_id = i.id AND x.conversation_id = $1)
    OR EXISTS (SELECT 1 FROM issue_link_theme it JOIN quote_theme qt ON qt.theme_id = it.theme_id JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL
               WHERE it.issue_link_id = i.id AND q.conversation_id = $1)`,
} as const;

/** Issue links, what they link to, and their state. Parameterised SQL only. */
@Injectable()
export class IssuesRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  async upsertIssue(values: NewIssue, tx: Tx): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO issue_link (url, tracker, external_id, title, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_issue_link_url" DO UPDATE SET title = COALESCE(EXCLUDED.title, issue_link.title), updated_at = now()
       RETURNING id`,
      [values.url, values.tracker, values.externalId, values.title, values.createdBy],
    )) as { id: string }[];
    return row!.id;
  }

  async linkTheme(issueId: string, themeId: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`INSERT INTO issue_link_theme (issue_link_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [issueId, themeId]);
  }

  /** Links a conversation; one that does not exist is not found. */
  async linkConversation(issueId: string, conversationId: string, tx?: Tx): Promise<void> {
    try {
      await this.db(tx).query(`INSERT INTO issue_link_conversation (issue_link_id, conversation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [issueId, conversationId]);
    } catch (error) {
      if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw new AppError('not_found', `No conversation #${conversationId}.`);
      throw error;
    }
  }

  /** Sets "what we fixed"; an empty text goes back to the title. */
  async setFixSummary(id: string, summary: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE issue_link SET fix_summary = NULLIF($2, ''), updated_at = now() WHERE id = $1`, [id, summary]);
  }

  /** Removes a theme from an issue; false when they were not linked. */
  async unlinkTheme(issueId: string, themeId: string): Promise<boolean> {
    const rows = await returningRows(this.db(), `DELETE FROM issue_link_theme WHERE issue_link_id = $1 AND theme_id = $2 RETURNING theme_id`, [issueId, themeId]);
    return rows.length > 0;
  }

  /** Removes a conversation from an issue; false when they were not linked. */
  async unlinkConversation(issueId: string, conversationId: string, tx: Tx): Promise<boolean> {
    const rows = await returningRows(tx, `DELETE FROM issue_link_conversation WHERE issue_link_id = $1 AND conversation_id = $2 RETURNING conversation_id`, [issueId, conversationId]);
    return rows.length > 0;
  }

  /** Open issues first, then the most recently changed. */
  issues(filter: IssueFilter, tx?: Tx): Promise<IssueRow[]> {
    const [field, value] = Object.entries(filter)[0] as [keyof typeof ISSUE_CONDITIONS, string | true];
    return this.db(tx).query(`${ISSUE_SELECT} WHERE ${ISSUE_CONDITIONS[field]} ORDER BY i.state = 'open' DESC, i.updated_at DESC`, field === 'all' ? [] : [value]);
  }

  /** Sets the state; returns the previous one, or null when the issue does not exist. */
  /**
   * Sets an issue's state. A tracker's change carries when it happened (`trackerTime`) and is refused
   * when it is not newer than the last applied change (a late or re-sent older event must not flip
   * the state back); a person's change is never refused and stamps the time only when the state
   * changes (renaming or rewording the fix leaves it). Null when there is no such issue.
   */
  async setIssueState(
    id: string,
    change: { state: IssueStateDto; title: string | undefined; now: Date; trackerTime: Date | null; byTracker: boolean },
    tx: Tx,
  ): Promise<{ previous: IssueStateDto; applied: boolean } | null> {
    const [row] = (await tx.query(`SELECT state, state_changed_at AS "stateChangedAt" FROM issue_link WHERE id = $1 FOR UPDATE`, [id])) as { state: IssueStateDto; stateChangedAt: Date | null }[];
    if (!row) return null;
    const changedAt = change.byTracker ? change.trackerTime : row.state !== change.state ? change.now : null;
    if (change.byTracker && changedAt && row.stateChangedAt && changedAt.getTime() <= row.stateChangedAt.getTime()) return { previous: row.state, applied: false };
    await tx.query(
      `UPDATE issue_link SET state = $2, title = COALESCE($3, title), fixed_at = CASE WHEN $2 = 'fixed' THEN COALESCE(fixed_at, $4) WHEN $2 = 'open' THEN NULL ELSE fixed_at END,
         state_changed_at = COALESCE($5, state_changed_at), updated_at = now() WHERE id = $1`,
      [id, change.state, change.title ?? null, change.now, changedAt],
    );
    return { previous: row.state, applied: true };
  }

  async issueIdsByUrl(urls: string[], tx: Tx): Promise<string[]> {
    const rows = (await tx.query(`SELECT id FROM issue_link WHERE lower(rtrim(url, '/')) = ANY($1::text[])`, [urls.map((url) => url.toLowerCase().replace(/\/+$/, ''))])) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /**
   * The conversations to tell about a fix: linked directly, or through a live quote on a linked
   * theme; each with the quote to give back (the newest on a linked theme, else the newest at all).
   */
  conversationsToTell(issueId: string, tx: Tx): Promise<ConversationToTell[]> {
    return tx.query(
      `WITH targets AS (
         SELECT conversation_id FROM issue_link_conversation WHERE issue_link_id = $1
         UNION
         SELECT q.conversation_id FROM issue_link_theme it JOIN quote_theme qt ON qt.theme_id = it.theme_id JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL
         WHERE it.issue_link_id = $1
       )
       SELECT t.conversation_id::text AS "conversationId", pick.id AS "quoteId", pick.text AS "quoteText", ct.name AS "contactName",
              (SELECT json_build_object('text', m.text, 'start', m.new_text_start, 'end', m.new_text_end) FROM message m
               WHERE m.conversation_id = t.conversation_id AND m.direction = 'in' AND m.kind = 'email' ORDER BY m.id LIMIT 1) AS "first"
       FROM targets t
       JOIN conversation c ON c.id = t.conversation_id
       JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN LATERAL (
         SELECT q.id, q.text FROM quote q
         WHERE q.conversation_id = t.conversation_id AND q.retracted_at IS NULL
         ORDER BY EXISTS (SELECT 1 FROM quote_theme qt JOIN issue_link_theme it ON it.theme_id = qt.theme_id WHERE qt.quote_id = q.id AND it.issue_link_id = $1) DESC, q.pinned_at DESC
         LIMIT 1) pick ON true
       ORDER BY t.conversation_id`,
      [issueId],
    );
  }
}
