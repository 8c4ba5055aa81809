import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner } from '../database/transaction.js';

export interface RecipientRow {
  personId: string;
  name: string;
  email: string;
  timeZone: string;
  frequency: 'weekly' | 'daily';
  lastPeriodEnd: Date | null;
  /** When they joined or opted in: a first digest is for a digest time after this. */
  since: Date;
}

export interface DigestRow {
  id: string;
  personId: string;
  periodStart: Date;
  periodEnd: Date;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  subject: string;
  text: string;
  html: string;
  content: unknown;
  sentAt: Date | null;
}

const DIGEST_COLUMNS = `id, person_id AS "personId", period_start AS "periodStart", period_end AS "periodEnd", status, attempts, subject, text, html, content, sent_at AS "sentAt"`;

/** Digest storage. A founder receives the digest unless they opted out; anyone else only if they opted in. */
/** A quote pinned in the period, once per theme it carries (theme null: not tagged yet). */
export interface ThemedQuoteRow {
  themeId: string | null;
  themeName: string | null;
  quoteId: string;
  text: string;
  messageId: string;
  start: number;
  end: number;
  customer: string;
  email: string;
  date: Date;
  conversationId: string;
  pinnedBy: string | null;
  pinnedAt: Date;
}

/** A customer's newest message in the period, from a conversation nobody has quoted yet. */
export interface UnpinnedRow {
  messageId: string;
  conversationId: string;
  text: string;
  newTextStart: number;
  newTextEnd: number;
  customer: string;
  email: string;
  date: Date;
}

export interface FixShippedRow {
  issueId: string;
  title: string | null;
  url: string;
  fixedAt: Date;
  customersTold: number;
}

@Injectable()
export class DigestRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private get db() {
    return this.transactions.manager;
  }

  recipients(): Promise<RecipientRow[]> {
    return this.db.query(
      `SELECT p.id AS "personId", p.name, p.email, p.time_zone AS "timeZone", COALESCE(s.frequency, 'weekly') AS frequency,
              (SELECT max(d.period_end) FROM digest d WHERE d.person_id = p.id) AS "lastPeriodEnd",
              GREATEST(p.created_at, COALESCE(s.updated_at, p.created_at)) AS since
       FROM person p LEFT JOIN digest_subscription s ON s.person_id = p.id
       WHERE p.active AND COALESCE(s.enabled, p.support_role = 'founder')`,
    );
  }

  async subscription(personId: string): Promise<{ enabled: boolean; frequency: 'weekly' | 'daily'; timeZone: string; lastPeriodEnd: Date | null }> {
    const [row] = await this.db.query(
      `SELECT COALESCE(s.enabled, p.support_role = 'founder') AS enabled, COALESCE(s.frequency, 'weekly') AS frequency, p.time_zone AS "timeZone",
              (SELECT max(d.period_end) FROM digest d WHERE d.person_id = p.id) AS "lastPeriodEnd"
       FROM person p LEFT JOIN digest_subscription s ON s.person_id = p.id WHERE p.id = $1`,
      [personId],
    );
    return row;
  }

  async setSubscription(personId: string, enabled: boolean, frequency: 'weekly' | 'daily'): Promise<void> {
    await this.db.query(
      `INSERT INTO digest_subscription (person_id, enabled, frequency, unsubscribe_token) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT "PK_digest_subscription" DO UPDATE SET enabled = EXCLUDED.enabled, frequency = EXCLUDED.frequency, updated_at = now()`,
      [personId, enabled, frequency, randomBytes(24).toString('base64url')],
    );
  }

  /** The person's one-click unsubscribe token (created with their subscription row on first use). */
  async unsubscribeToken(personId: string): Promise<string> {
    await this.db.query(
      `INSERT INTO digest_subscription (person_id, enabled, frequency, unsubscribe_token)
       SELECT p.id, p.support_role = 'founder', 'weekly', $2 FROM person p WHERE p.id = $1
       ON CONFLICT ON CONSTRAINT "PK_digest_subscription" DO NOTHING`,
      [personId, randomBytes(24).toString('base64url')],
    );
    const [row] = await this.db.query(`SELECT unsubscribe_token AS token FROM digest_subscription WHERE person_id = $1`, [personId]);
    return (row as { token: string }).token;
  }

  async unsubscribe(token: string): Promise<boolean> {
    const rows = await returningRows(this.db, `UPDATE digest_subscription SET enabled = false, updated_at = now() WHERE unsubscribe_token = $1 RETURNING person_id`, [token]);
    return rows.length > 0;
  }

  /** The claim: inserting the (person, period) row; false when another process (or an earlier run) has it. */
  async claim(values: { personId: string; periodStart: Date; periodEnd: Date; subject: string; text: string; html: string; content: unknown; now: Date }): Promise<DigestRow | null> {
    const [row] = await returningRows<DigestRow>(
      this.db,
      `INSERT INTO digest (person_id, period_start, period_end, subject, text, html, content, attempts, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 1, $8::timestamptz + interval '5 minutes')
       ON CONFLICT ON CONSTRAINT "UQ_digest_person_period" DO NOTHING RETURNING ${DIGEST_COLUMNS}`,
      [values.personId, values.periodStart, values.periodEnd, values.subject, values.text, values.html, JSON.stringify(values.content), values.now],
    );
    return row ?? null;
  }

  /** Failed sends due for another try, claimed one at a time (the lease keeps other processes off). */
  claimRetries(now: Date): Promise<DigestRow[]> {
    return returningRows<DigestRow>(
      this.db,
      `UPDATE digest SET attempts = attempts + 1, next_attempt_at = $1::timestamptz + interval '5 minutes'
       WHERE id IN (SELECT id FROM digest WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING ${DIGEST_COLUMNS}`,
      [now],
    );
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE digest SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1`, [id, at]);
  }

  async markRetry(id: string, error: string, nextAt: Date, giveUp: boolean): Promise<void> {
    await this.db.query(`UPDATE digest SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, last_error = $2, next_attempt_at = $3 WHERE id = $1`, [id, error, nextAt, giveUp]);
  }

  archive(personId: string): Promise<DigestRow[]> {
    return this.db.query(`SELECT ${DIGEST_COLUMNS} FROM digest WHERE person_id = $1 ORDER BY period_end DESC LIMIT 200`, [personId]);
  }

  async one(id: string, personId: string): Promise<DigestRow | null> {
    const [row] = await this.db.query(`SELECT ${DIGEST_COLUMNS} FROM digest WHERE id = $1 AND person_id = $2`, [id, personId]);
    return row ?? null;
  }

  themedQuotes(start: Date, end: Date): Promise<ThemedQuoteRow[]> {
    return this.db.query(
      `SELECT t.id AS "themeId", t.name AS "themeName", q.id AS "quoteId", q.text, q.message_id::text AS "messageId", q.start_offset AS start, q.end_offset AS "end",
              COALESCE(m.from_name, ct.name, m.from_address) AS customer, lower(COALESCE(m.from_address, ct.email)) AS email,
              COALESCE(m.sent_at, m.received_at) AS date, q.conversation_id::text AS "conversationId", q.pinned_by AS "pinnedBy", q.pinned_at AS "pinnedAt"
       FROM quote q
       JOIN message m ON m.id = q.message_id
       JOIN conversation c ON c.id = q.conversation_id
       JOIN contact ct ON ct.id = c.contact_id
       LEFT JOIN quote_theme qt ON qt.quote_id = q.id
       LEFT JOIN theme t ON t.id = qt.theme_id AND t.merged_into IS NULL
       WHERE q.retracted_at IS NULL AND q.pinned_at >= $1 AND q.pinned_at < $2 AND c.status NOT IN ('spam', 'bulk')
       ORDER BY q.pinned_at, q.id`,
      [start, end],
    );
  }

  unpinned(start: Date, end: Date): Promise<UnpinnedRow[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (lower(m.from_address)) m.id::text AS "messageId", m.conversation_id::text AS "conversationId", m.text, m.new_text_start AS "newTextStart",
                m.new_text_end AS "newTextEnd", COALESCE(m.from_name, m.from_address) AS customer, lower(m.from_address) AS email, COALESCE(m.sent_at, m.received_at) AS date, m.received_at
         FROM message m
         JOIN conversation c ON c.id = m.conversation_id AND c.status NOT IN ('spam', 'bulk')
         -- Only customers' own words: no auto-replies, bounces, bulk mail or notes (kind), nothing from spam.
         WHERE m.direction = 'in' AND m.kind = 'email' AND m.received_at >= $1 AND m.received_at < $2 AND m.new_text_end > m.new_text_start
           AND NOT EXISTS (SELECT 1 FROM quote q WHERE q.conversation_id = m.conversation_id AND q.retracted_at IS NULL)
         ORDER BY lower(m.from_address), m.received_at DESC, m.id DESC) newest
       ORDER BY received_at DESC, "messageId"::bigint DESC LIMIT 20`,
      [start, end],
    );
  }

  fixes(start: Date, end: Date): Promise<FixShippedRow[]> {
    return this.db.query(
      `SELECT i.id AS "issueId", i.title, i.url, i.fixed_at AS "fixedAt",
              (SELECT count(DISTINCT lower(ct.email))::int FROM fix_reply f JOIN conversation c ON c.id = f.conversation_id JOIN contact ct ON ct.id = c.contact_id
               WHERE f.issue_link_id = i.id AND f.status = 'sent') AS "customersTold"
       FROM issue_link i WHERE i.state = 'fixed' AND i.fixed_at >= $1 AND i.fixed_at < $2 ORDER BY i.fixed_at`,
      [start, end],
    );
  }
}
