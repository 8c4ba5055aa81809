import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { sqlState, UNIQUE_VIOLATION } from '../database/errors.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';

export interface ThemeSummaryRow {
  id: string;
  name: string;
  description: string;
  phrases: string[];
  quotes: number;
  customers: number;
  companies: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export interface ThemeRef {
  id: string;
  name: string;
  mergedInto: string | null;
}

export interface PhrasedTheme {
  id: string;
  name: string;
  phrases: string[];
}

export interface ThemeChanges {
  name?: string | undefined;
  description?: string | undefined;
  phrases?: string[] | undefined;
}

/** Themes: their summaries, weekly counts, phrases and merges. Parameterised SQL only. */
@Injectable()
export class ThemesRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  /** Of these ids, the themes that exist and are not merged away. */
  async liveThemeIds(ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.db(tx).query(`SELECT id FROM theme WHERE id = ANY($1::uuid[]) AND merged_into IS NULL`, [ids])) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Every live theme (or one) with its counts; a company is an email domain that is not free mail (nor `.invalid`, the unknown sender). */
  themeSummaries(freeMailDomains: string[], onlyId?: string): Promise<ThemeSummaryRow[]> {
    return this.db().query(
      `SELECT t.id, t.name, t.description, t.phrases,
              count(q.id)::int AS quotes,
              count(DISTINCT lower(COALESCE(m.from_address, ct.email)))::int AS customers,
              count(DISTINCT NULLIF(split_part(lower(COALESCE(m.from_address, ct.email)), '@', 2), '')) FILTER (WHERE split_part(lower(COALESCE(m.from_address, ct.email)), '@', 2) <> ALL($1::text[]) AND lower(COALESCE(m.from_address, ct.email)) NOT LIKE '%.invalid')::int AS companies,
              min(COALESCE(m.sent_at, m.received_at)) AS "firstSeen", max(COALESCE(m.sent_at, m.received_at)) AS "lastSeen"
       FROM theme t
       LEFT JOIN quote_theme qt ON qt.theme_id = t.id
       LEFT JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL
       LEFT JOIN message m ON m.id = q.message_id
       LEFT JOIN conversation c ON c.id = q.conversation_id
       LEFT JOIN contact ct ON ct.id = c.contact_id
       WHERE t.merged_into IS NULL AND ($2::uuid IS NULL OR t.id = $2)
       GROUP BY t.id
       ORDER BY customers DESC, quotes DESC, t.name`,
      [freeMailDomains, onlyId ?? null],
    );
  }

  weekly(themeId: string, since: Date): Promise<{ week: string; quotes: number }[]> {
    return this.db().query(
      `SELECT to_char(date_trunc('week', COALESCE(m.sent_at, m.received_at)), 'YYYY-MM-DD') AS week, count(*)::int AS quotes
       FROM quote_theme qt JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL JOIN message m ON m.id = q.message_id
       WHERE qt.theme_id = $1 AND COALESCE(m.sent_at, m.received_at) >= $2 GROUP BY 1 ORDER BY 1`,
      [themeId, since],
    );
  }

  /** A new theme; a name taken already is a conflict. */
  async insertTheme(values: { name: string; description: string; phrases: string[]; createdBy: string }): Promise<string> {
    try {
      const [row] = (await this.db().query(`INSERT INTO theme (name, description, phrases, created_by) VALUES ($1, $2, $3::text[], $4) RETURNING id`, [
        values.name,
        values.description,
        values.phrases,
        values.createdBy,
      ])) as { id: string }[];
      return row!.id;
    } catch (error) {
      throw nameTaken(error, values.name);
    }
  }

  async theme(id: string, tx?: Tx): Promise<ThemeRef | null> {
    const [row] = (await this.db(tx).query(`SELECT id, name, merged_into AS "mergedInto" FROM theme WHERE id = $1`, [id])) as ThemeRef[];
    return row ?? null;
  }

  /** Changes what is given; a name taken already is a conflict. */
  async updateTheme(id: string, changes: ThemeChanges): Promise<void> {
    try {
      await this.db().query(
        `UPDATE theme SET name = COALESCE($2, name), description = COALESCE($3, description), phrases = COALESCE($4::text[], phrases), updated_at = now() WHERE id = $1`,
        [id, changes.name ?? null, changes.description ?? null, changes.phrases ?? null],
      );
    } catch (error) {
      throw nameTaken(error, changes.name);
    }
  }

  /** Moves every tag and issue link of `from` onto `into`, and marks `from` merged. */
  async mergeTheme(from: string, into: string, tx: Tx): Promise<void> {
    await tx.query(`INSERT INTO quote_theme (quote_id, theme_id, tagged_by, tagged_at) SELECT quote_id, $2, tagged_by, tagged_at FROM quote_theme WHERE theme_id = $1 ON CONFLICT DO NOTHING`, [from, into]);
    await tx.query(`DELETE FROM quote_theme WHERE theme_id = $1`, [from]);
    await tx.query(`INSERT INTO issue_link_theme (issue_link_id, theme_id) SELECT issue_link_id, $2 FROM issue_link_theme WHERE theme_id = $1 ON CONFLICT DO NOTHING`, [from, into]);
    await tx.query(`DELETE FROM issue_link_theme WHERE theme_id = $1`, [from]);
    // The phrases move before `from` is emptied, so the merged theme keeps both themes' phrases.
    await tx.query(`UPDATE theme SET phrases = ARRAY(SELECT DISTINCT unnest(phrases || (SELECT phrases FROM theme WHERE id = $1))), updated_at = now() WHERE id = $2`, [from, into]);
    await tx.query(`UPDATE theme SET merged_into = $2, phrases = '{}', updated_at = now() WHERE id = $1`, [from, into]);
  }

  themesWithPhrases(): Promise<PhrasedTheme[]> {
    return this.db().query(`SELECT id, name, phrases FROM theme WHERE merged_into IS NULL AND cardinality(phrases) > 0`);
  }
}

function nameTaken(error: unknown, name: string | undefined): unknown {
  return sqlState(error) === UNIQUE_VIOLATION ? new AppError('conflict', `A theme called “${name ?? ''}” exists already.`) : error;
}
