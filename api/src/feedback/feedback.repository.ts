import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';

export interface QuoteRow {
  id: string;
  messageId: string;
  conversationId: string;
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
  dutyDate: string;
  pinnedById: string | null;
  pinnedByName: string | null;
  pinnedAt: Date;
  outsideNewText: boolean;
  customerEmail: string;
  customerName: string | null;
  messageDate: Date;
  themes: { id: string; name: string }[];
}

export interface IssueRow {
  id: string;
  tracker: string;
  url: string;
  externalId: string | null;
  title: string | null;
  state: string;
  fixedAt: Date | null;
  createdBy: string | null;
  themes: { id: string; name: string }[];
  conversations: { id: string; number: number; subject: string }[];
}

const QUOTE_SELECT = `
  SELECT q.id, q.message_id::text AS "messageId", q.conversation_id::text AS "conversationId", q.start_offset AS start, q.end_offset AS "end",
         q.text, q.prefix, q.suffix, q.duty_date::text AS "dutyDate", q.pinned_by AS "pinnedById", p.name AS "pinnedByName", q.pinned_at AS "pinnedAt", q.outside_new_text AS "outsideNewText",
         COALESCE(m.from_address, ct.email) AS "customerEmail", CASE WHEN m.from_address IS NULL OR m.from_address = ct.email THEN ct.name ELSE m.from_name END AS "customerName",
         COALESCE(m.sent_at, m.received_at) AS "messageDate",
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) FROM quote_theme qt JOIN theme t ON t.id = qt.theme_id WHERE qt.quote_id = q.id), '[]') AS themes
  FROM quote q
  JOIN message m ON m.id = q.message_id
  JOIN conversation c ON c.id = q.conversation_id
  JOIN contact ct ON ct.id = c.contact_id
  LEFT JOIN person p ON p.id = q.pinned_by`;

const ISSUE_SELECT = `
  SELECT i.id, i.tracker, i.url, i.external_id AS "externalId", i.title, i.state, i.fixed_at AS "fixedAt", i.created_by AS "createdBy",
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) FROM issue_link_theme it JOIN theme t ON t.id = it.theme_id WHERE it.issue_link_id = i.id), '[]') AS themes,
         COALESCE((SELECT json_agg(json_build_object('id', c.id::text, 'number', c.id, 'subject', c.subject) ORDER BY c.id) FROM issue_link_conversation ic JOIN conversation c ON c.id = ic.conversation_id WHERE ic.issue_link_id = i.id), '[]') AS conversations
  FROM issue_link i`;

/** Feedback storage: quotes, themes, issue links, fix replies, webhook secrets and deliveries. Parameterised SQL only. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  async messageForQuote(messageId: string, tx: Tx): Promise<{ text: string; conversationId: string; mailboxId: string; direction: string; kind: string; receivedAt: Date } | null> {
    const [row] = await tx.query(
      `SELECT text, conversation_id::text AS "conversationId", mailbox_id AS "mailboxId", direction, kind, received_at AS "receivedAt" FROM message WHERE id = $1`,
      [messageId],
    );
    return row ?? null;
  }

  async insertQuote(
    values: { messageId: string; conversationId: string; start: number; end: number; text: string; prefix: string; suffix: string; dutyDate: string; pinnedBy: string },
    tx: Tx,
  ): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO quote (message_id, conversation_id, start_offset, end_offset, text, prefix, suffix, duty_date, pinned_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [values.messageId, values.conversationId, values.start, values.end, values.text, values.prefix, values.suffix, values.dutyDate, values.pinnedBy],
    );
    return (row as { id: string }).id;
  }

  async retractQuote(id: string, by: string, tx: Tx): Promise<{ conversationId: string } | null> {
    const [row] = await returningRows<{ conversationId: string }>(
      tx,
      `UPDATE quote SET retracted_at = now(), retracted_by = $2 WHERE id = $1 AND retracted_at IS NULL RETURNING conversation_id::text AS "conversationId"`,
      [id, by],
    );
    return row ?? null;
  }

  async tag(quoteId: string, themeId: string, by: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`INSERT INTO quote_theme (quote_id, theme_id, tagged_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [quoteId, themeId, by]);
  }

  async untag(quoteId: string, themeId: string): Promise<void> {
    await this.db().query(`DELETE FROM quote_theme WHERE quote_id = $1 AND theme_id = $2`, [quoteId, themeId]);
  }

  quotes(where: string, values: unknown[], tx?: Tx): Promise<QuoteRow[]> {
    return this.db(tx).query(`${QUOTE_SELECT} WHERE q.retracted_at IS NULL AND ${where} ORDER BY q.pinned_at DESC, q.id`, values);
  }

  async liveThemeIds(ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.db(tx).query(`SELECT id FROM theme WHERE id = ANY($1::uuid[]) AND merged_into IS NULL`, [ids])) as { id: string }[];
    return rows.map((row) => row.id);
  }

  async themeSummaries(freeMailDomains: string[], onlyId?: string): Promise<Record<string, unknown>[]> {
    return this.db().query(
      `SELECT t.id, t.name, t.description, t.phrases,
              count(q.id)::int AS quotes,
              count(DISTINCT lower(COALESCE(m.from_address, ct.email)))::int AS customers,
              count(DISTINCT NULLIF(split_part(lower(COALESCE(m.from_address, ct.email)), '@', 2), '')) FILTER (WHERE split_part(lower(COALESCE(m.from_address, ct.email)), '@', 2) <> ALL($1::text[]))::int AS companies,
              min(COALESCE(m.sent_at, m.received_at)) AS "firstSeen", max(COALESCE(m.sent_at, m.received_at)) AS "lastSeen"
       FROM theme t
       LEFT JOIN quote_theme qt ON qt.theme_id = t.id
       LEFT JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL
       LEFT JOIN message m ON m.id = q.message_id
       LEFT JOIN conversation c ON c.id = q.conversation_id
       LEFT JOIN contact ct ON ct.id = c.contact_id
       WHERE t.merged_into IS NULL ${onlyId ? 'AND t.id = $2' : ''}
       GROUP BY t.id
       ORDER BY customers DESC, quotes DESC, t.name`,
      onlyId ? [freeMailDomains, onlyId] : [freeMailDomains],
    );
  }

  async weekly(themeId: string, since: Date): Promise<{ week: string; quotes: number }[]> {
    return this.db().query(
      `SELECT to_char(date_trunc('week', COALESCE(m.sent_at, m.received_at)), 'YYYY-MM-DD') AS week, count(*)::int AS quotes
       FROM quote_theme qt JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL JOIN message m ON m.id = q.message_id
       WHERE qt.theme_id = $1 AND COALESCE(m.sent_at, m.received_at) >= $2 GROUP BY 1 ORDER BY 1`,
      [themeId, since],
    );
  }

  async insertTheme(values: { name: string; description: string; phrases: string[]; createdBy: string }): Promise<string> {
    const [row] = await this.db().query(`INSERT INTO theme (name, description, phrases, created_by) VALUES ($1, $2, $3::text[], $4) RETURNING id`, [
      values.name,
      values.description,
      values.phrases,
      values.createdBy,
    ]);
    return (row as { id: string }).id;
  }

  async theme(id: string, tx?: Tx): Promise<{ id: string; name: string; mergedInto: string | null } | null> {
    const [row] = await this.db(tx).query(`SELECT id, name, merged_into AS "mergedInto" FROM theme WHERE id = $1`, [id]);
    return row ?? null;
  }

  async updateTheme(id: string, changes: { name?: string | undefined; description?: string | undefined; phrases?: string[] | undefined }): Promise<void> {
    await this.db().query(
      `UPDATE theme SET name = COALESCE($2, name), description = COALESCE($3, description), phrases = COALESCE($4::text[], phrases), updated_at = now() WHERE id = $1`,
      [id, changes.name ?? null, changes.description ?? null, changes.phrases ?? null],
    );
  }

  /** Moves every tag and issue link of `from` onto `into`, and marks `from` merged. */
  async mergeTheme(from: string, into: string, tx: Tx): Promise<void> {
    await tx.query(`INSERT INTO quote_theme (quote_id, theme_id, tagged_by, tagged_at) SELECT quote_id, $2, tagged_by, tagged_at FROM quote_theme WHERE theme_id = $1 ON CONFLICT DO NOTHING`, [from, into]);
    await tx.query(`DELETE FROM quote_theme WHERE theme_id = $1`, [from]);
    await tx.query(`INSERT INTO issue_link_theme (issue_link_id, theme_id) SELECT issue_link_id, $2 FROM issue_link_theme WHERE theme_id = $1 ON CONFLICT DO NOTHING`, [from, into]);
    await tx.query(`DELETE FROM issue_link_theme WHERE theme_id = $1`, [from]);
    await tx.query(
      `UPDATE theme SET merged_into = $2, phrases = '{}', updated_at = now() WHERE id = $1`,
      [from, into],
    );
    await tx.query(`UPDATE theme SET phrases = ARRAY(SELECT DISTINCT unnest(phrases || (SELECT phrases FROM theme WHERE id = $1))), updated_at = now() WHERE id = $2`, [from, into]);
  }

  themesWithPhrases(): Promise<{ id: string; name: string; phrases: string[] }[]> {
    return this.db().query(`SELECT id, name, phrases FROM theme WHERE merged_into IS NULL AND cardinality(phrases) > 0`);
  }

  async upsertIssue(values: { url: string; tracker: string; externalId: string | null; title: string | null; createdBy: string }, tx: Tx): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO issue_link (url, tracker, external_id, title, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_issue_link_url" DO UPDATE SET title = COALESCE(EXCLUDED.title, issue_link.title), updated_at = now()
       RETURNING id`,
      [values.url, values.tracker, values.externalId, values.title, values.createdBy],
    );
    return (row as { id: string }).id;
  }

  async linkIssueTheme(issueId: string, themeId: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`INSERT INTO issue_link_theme (issue_link_id, theme_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [issueId, themeId]);
  }

  async linkIssueConversation(issueId: string, conversationId: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`INSERT INTO issue_link_conversation (issue_link_id, conversation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [issueId, conversationId]);
  }

  issues(where: string, values: unknown[], tx?: Tx): Promise<IssueRow[]> {
    return this.db(tx).query(`${ISSUE_SELECT} WHERE ${where} ORDER BY i.state = 'open' DESC, i.updated_at DESC`, values);
  }

  /** Sets the state; returns the previous one, or null when the issue does not exist. */
  async setIssueState(id: string, state: string, title: string | undefined, now: Date, tx: Tx): Promise<string | null> {
    const [row] = await tx.query(`SELECT state FROM issue_link WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) return null;
    await tx.query(
      `UPDATE issue_link SET state = $2, title = COALESCE($3, title), fixed_at = CASE WHEN $2 = 'fixed' THEN COALESCE(fixed_at, $4) WHEN $2 = 'open' THEN NULL ELSE fixed_at END, updated_at = now() WHERE id = $1`,
      [id, state, title ?? null, now],
    );
    return (row as { state: string }).state;
  }

  async issueIdsByUrl(urls: string[], tx: Tx): Promise<string[]> {
    const rows = (await tx.query(`SELECT id FROM issue_link WHERE lower(rtrim(url, '/')) = ANY($1::text[])`, [urls.map((url) => url.toLowerCase().replace(/\/+$/, ''))])) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /**
   * The conversations to tell about a fix: linked directly, or through a live quote on a linked
   * theme; each with the quote to give back (the newest on a linked theme, else the newest at all).
   */
  conversationsToTell(
    issueId: string,
    tx: Tx,
  ): Promise<{ conversationId: string; quoteId: string | null; quoteText: string | null; contactName: string | null; first: { text: string; start: number; end: number } | null }[]> {
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

  async insertFixReply(values: { issueId: string; conversationId: string; quoteId: string | null; text: string }, tx: Tx): Promise<string | null> {
    const [row] = await tx.query(
      `INSERT INTO fix_reply (issue_link_id, conversation_id, quote_id, text) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT "UQ_fix_reply_issue_conversation" DO NOTHING RETURNING id`,
      [values.issueId, values.conversationId, values.quoteId, values.text],
    );
    return (row as { id: string } | undefined)?.id ?? null;
  }

  fixReplies(where: string, values: unknown[]): Promise<Record<string, any>[]> {
    return this.db().query(
      `SELECT f.id, f.status, f.text, f.created_at AS "createdAt", f.sent_at AS "sentAt",
              i.id AS "issueId", i.url AS "issueUrl", i.title AS "issueTitle",
              c.id::text AS "conversationId", c.subject, ct.email AS "contactEmail", ct.name AS "contactName",
              q.id AS "quoteId", q.text AS "quoteText"
       FROM fix_reply f JOIN issue_link i ON i.id = f.issue_link_id JOIN conversation c ON c.id = f.conversation_id JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN quote q ON q.id = f.quote_id
       WHERE ${where} ORDER BY f.created_at DESC, c.id`,
      values,
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
    const [row] = await this.db().query(
      `SELECT p.id, p.name, p.signature FROM fix_reply f JOIN issue_link i ON i.id = f.issue_link_id JOIN person p ON p.id = i.created_by WHERE f.id = $1 AND p.active`,
      [fixReplyId],
    );
    return row ?? null;
  }

  async conversationVersion(id: string): Promise<number | null> {
    const [row] = await this.db().query(`SELECT version FROM conversation WHERE id = $1`, [id]);
    return (row as { version: number } | undefined)?.version ?? null;
  }

  async webhookSecret(tracker: string): Promise<Buffer | null> {
    const [row] = await this.db().query(`SELECT secret_enc AS "secret" FROM webhook_secret WHERE tracker = $1`, [tracker]);
    return (row as { secret: Buffer } | undefined)?.secret ?? null;
  }

  async setWebhookSecret(tracker: string, sealed: Buffer): Promise<void> {
    await this.db().query(
      `INSERT INTO webhook_secret (tracker, secret_enc) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "PK_webhook_secret" DO UPDATE SET secret_enc = EXCLUDED.secret_enc, created_at = now()`,
      [tracker, sealed],
    );
  }

  /** Records a delivery; false when it was seen before (a replay). */
  async recordDelivery(tracker: string, id: string, tx: Tx): Promise<boolean> {
    const rows = await returningRows(tx, `INSERT INTO webhook_delivery (tracker, delivery_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING delivery_id`, [tracker, id]);
    return rows.length > 0;
  }

  async setting<T>(key: string): Promise<T | null> {
    const [row] = await this.db().query(`SELECT value FROM app_setting WHERE key = $1`, [key]);
    return (row as { value: T } | undefined)?.value ?? null;
  }

  async putSetting(key: string, value: unknown, by: string): Promise<void> {
    await this.db().query(
      `INSERT INTO app_setting (key, value, updated_by) VALUES ($1, $2::jsonb, $3) ON CONFLICT ON CONSTRAINT "PK_app_setting" DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(value), by],
    );
  }

  customerMessages(conversationId: string): Promise<{ id: string; text: string; newTextStart: number; newTextEnd: number }[]> {
    return this.db().query(
      `SELECT id::text, text, new_text_start AS "newTextStart", new_text_end AS "newTextEnd" FROM message WHERE conversation_id = $1 AND direction = 'in' AND kind = 'email' ORDER BY id`,
      [conversationId],
    );
  }
}
