import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';
import { CONVERSATION_COLUMNS, CONVERSATION_JOINS, type ConversationRow, factsColumns } from './conversation-query.repository.js';
import type { SearchQuery, TeamText } from './search-query.js';

/** The view's own filters (status, mailbox, assignee) beside the search's. */
export interface SearchScope {
  status?: string[];
  mailboxId?: string;
  assignee?: string;
  personId: string;
  limit: number;
}

export interface WordMatch {
  matchId: string;
  conversationId: string;
}

/**
 * A word search's result row: the match, its conversation's list row (null fields when it is gone)
 * and the matched message's text with the query's words marked by ts_headline over its new-words
 * span (`matchMarked`, checked against the span before its offsets are trusted: see highlightSpans).
 */
export type WordPageRow = WordMatch &
  Partial<ConversationRow> & {
    matchText: string | null;
    matchStart: number | null;
    matchEnd: number | null;
    matchMarked: string | null;
  };

/** How long the statistics' frequency of a word is reused to choose a plan (it changes only with ANALYZE). */
const FREQUENCY_TTL_MS = 60_000;
const FREQUENCY_CACHE_MAX = 500;

/** Beyond this many conversations named by from:/to:/subject:, words are searched first instead. */
const SCOPED_CONVERSATIONS_MAX = 5_000;

/** `%value%` for ILIKE, with the user's own % and _ taken literally. */
const contains = (value: string) => `%${value.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

// Highlight markers for ts_headline: control characters that never survive into stored text unnoticed
// (the highlighted text is checked against the original before offsets are trusted).
const START = '\u0002';
const STOP = '\u0003';
const HEADLINE_OPTIONS = `HighlightAll=true, StartSel=${START}, StopSel=${STOP}`;

/** The text search configuration: English stemming after unaccent (`societe` finds `Société`). */
const CONFIG = 'wholegrain';

/**
 * Our own words as a search vector: the expression of the partial GIN index
 * IDX_message_team_search (migration SearchUnaccent), written the same way so the index is used.
 */
const TEAM_VECTOR = (alias: string) => `to_tsvector('${CONFIG}', left(${alias}.text, 200000))`;

/** Which of our messages `in:replies` / `in:notes` search (literals, so the partial index applies). */
const teamKinds = (texts: TeamText[]) => texts.map((text) => (text === 'replies' ? `'email'` : `'note'`)).join(', ');

/**
 * Inbox search in PostgreSQL alone: free words through a GIN index over what customers wrote (the
 * new-words span of each inbound message), names, addresses and subjects through trigram indexes.
 * Results come newest match first, never ranked: ranking every match of a common word is what
 * makes search slow on a large inbox.
 */
@Injectable()
export class ConversationSearchRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /**
   * `dateColumn` null: the conversation's own conditions only (no before:/after:). `contactsFirst`:
   * from: picks its contacts first (trigram indexes) and their conversations by index, where a join
   * could choose to read every conversation of a status.
   */
  private conditions(search: SearchQuery, scope: SearchScope, parameter: (value: unknown) => string, dateColumn: string | null, contactsFirst = false): string[] {
    const conditions: string[] = [];
    const statuses = search.status.length ? search.status : scope.status;
    if (statuses?.length) conditions.push(`c.status = ANY(${parameter(statuses)}::text[])`);
    // All conversations by default, except spam (as in any mail client); in:spam finds it.
    else conditions.push(`c.status <> 'spam'`);
    if (scope.mailboxId) conditions.push(`c.mailbox_id = ${parameter(scope.mailboxId)}`);
    const assignee = search.assignee ?? scope.assignee;
    if (assignee === 'none' || assignee === 'unassigned') conditions.push('c.assignee_id IS NULL');
    else if (assignee === 'me') conditions.push(`c.assignee_id = ${parameter(scope.personId)}`);
    else if (assignee && /^[0-9a-f-]{36}$/i.test(assignee)) conditions.push(`c.assignee_id = ${parameter(assignee)}::uuid`);
    else if (assignee) {
      const value = parameter(contains(assignee));
      conditions.push(`EXISTS (SELECT 1 FROM person ap WHERE ap.id = c.assignee_id AND (ap.name ILIKE ${value} OR ap.email ILIKE ${value}))`);
    }
    for (const from of search.from) {
      const value = parameter(contains(from));
      conditions.push(
        contactsFirst
          ? `c.contact_id = ANY(ARRAY(SELECT fc.id FROM contact fc WHERE fc.email ILIKE ${value} OR fc.name ILIKE ${value}))`
          : `(ct.email ILIKE ${value} OR ct.name ILIKE ${value})`,
      );
    }
    for (const to of search.to) {
      const value = parameter(contains(to));
      conditions.push(
        `(mb.address ILIKE ${value} OR mb.name ILIKE ${value} OR EXISTS (SELECT 1 FROM message mt WHERE mt.conversation_id = c.id AND mt.direction = 'in' AND mt.to_addresses::text ILIKE ${value}))`,
      );
    }
    for (const subject of search.subject) conditions.push(`c.subject ILIKE ${parameter(contains(subject))}`);
    if (search.hasAttachment) {
      conditions.push(`EXISTS (SELECT 1 FROM message ma JOIN attachment a ON a.message_id = ma.id WHERE ma.conversation_id = c.id AND a.disposition = 'attachment')`);
    }
    if (search.texts.length && !search.words) {
      conditions.push(`EXISTS (SELECT 1 FROM message mn WHERE mn.conversation_id = c.id AND mn.direction = 'out' AND mn.kind IN (${teamKinds(search.texts)}))`);
    }
    if (dateColumn && search.before) conditions.push(`${dateColumn} < ${parameter(search.before)}`);
    if (dateColumn && search.after) conditions.push(`${dateColumn} >= ${parameter(search.after)}`);
    return conditions;
  }

  /** Without free words: the conversation list with the operators' filters, newest activity first. */
  filtered(search: SearchQuery, scope: SearchScope, before: { lastMessageAt: string; id: string } | undefined): Promise<ConversationRow[]> {
    const values: unknown[] = [];
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const conditions = this.conditions(search, scope, parameter, 'c.last_message_at');
    if (before) conditions.push(`(c.last_message_at, c.id) < (${parameter(before.lastMessageAt)}::timestamptz, ${parameter(before.id)}::bigint)`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    return this.transactions.manager.query(
      `SELECT ${CONVERSATION_COLUMNS} ${factsColumns(parameter(scope.personId))} ${CONVERSATION_JOINS} ${where} ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${parameter(scope.limit)}`,
      values,
    );
  }

  /**
   * How common the query's rarest word is, from PostgreSQL's own statistics of the search column
   * (most common lexemes and their frequencies). A word missing from the statistics is rare.
   */
  private async rarestWordFrequency(words: string): Promise<number> {
    // Only the choice of plan depends on it, never the results: a minute-old figure chooses as well.
    const cached = this.frequencies.get(words);
    if (cached && cached.until > Date.now()) return cached.frequency;
    const frequency = await this.readRarestWordFrequency(words);
    if (this.frequencies.size >= FREQUENCY_CACHE_MAX) this.frequencies.clear();
    this.frequencies.set(words, { frequency, until: Date.now() + FREQUENCY_TTL_MS });
    return frequency;
  }

  private readonly frequencies = new Map<string, { frequency: number; until: number }>();

  private async readRarestWordFrequency(words: string): Promise<number> {
    const [row] = (await this.transactions.manager.query(
      `WITH lexemes AS (SELECT lexeme FROM unnest(to_tsvector('${CONFIG}', $1))),
            stats AS (SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
                      FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'message' AND attname = 'search')
       SELECT COALESCE(min(COALESCE((SELECT s.freqs[array_position(s.elems, l.lexeme)] FROM stats s), 0)), 0) AS frequency FROM lexemes l`,
      [words],
    )) as { frequency: number }[];
    return Number(row?.frequency ?? 0);
  }

  /**
   * With free words: each conversation once, at its newest matching message, newest first. The
   * cursor is a message id (messages are numbered in arrival order).
   *
   * Two plans, chosen from the statistics, because no single one is fast for every word: a rare
   * word (or a common one narrowed by other filters) reads its few matches from the GIN index and
   * sorts them; a common word walks messages newest first and stops at the first page of matches.
   * Neither ranks: ranking every match of a common word is what makes search slow.
   */
  async wordPage(search: SearchQuery, scope: SearchScope, beforeMessageId: string | undefined): Promise<WordPageRow[]> {
    if (search.texts.length) return this.teamWordMatches(search, scope, beforeMessageId);
    if (search.from.length + search.to.length + search.subject.length > 0) {
      const scoped = await this.scopedWordMatches(search, scope, beforeMessageId);
      if (scoped) return scoped;
    }
    const frequency = await this.rarestWordFrequency(search.words);
    const narrowed = search.from.length + search.to.length + search.subject.length > 0 || search.hasAttachment || search.before !== null || search.after !== null;
    const fromIndex = frequency < 0.002 || (narrowed && frequency < 0.05);

    const values: unknown[] = [search.words];
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const query = `websearch_to_tsquery('${CONFIG}', $1)`;
    const conditions = this.conditions(search, scope, parameter, 'm.received_at');
    if (beforeMessageId) conditions.push(`m.id < ${parameter(beforeMessageId)}::bigint`);
    const joins = `JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id JOIN mailbox mb ON mb.id = c.mailbox_id`;
    const where = conditions.map((condition) => `AND ${condition}`).join(' ');
    const limit = parameter(scope.limit);
    if (fromIndex) {
      return this.withPageRows(
        `WITH hits AS MATERIALIZED (SELECT id, conversation_id, received_at FROM message WHERE search @@ ${query}),
              newest AS MATERIALIZED (SELECT DISTINCT ON (conversation_id) id, conversation_id, received_at FROM hits ORDER BY conversation_id, id DESC)
         SELECT m.id::text AS "matchId", m.conversation_id::text AS "conversationId"
         FROM newest m ${joins}
         WHERE true ${where}
         ORDER BY m.id DESC LIMIT ${limit}`,
        values,
        scope.personId,
      );
    }
    return this.withPageRows(
      `SELECT m.id::text AS "matchId", m.conversation_id::text AS "conversationId"
       FROM message m ${joins}
       WHERE m.search @@ ${query} ${where}
         AND NOT EXISTS (SELECT 1 FROM message newer WHERE newer.conversation_id = m.conversation_id AND newer.id > m.id AND newer.search @@ ${query})
       ORDER BY m.id DESC
       LIMIT ${limit}`,
      values,
      scope.personId,
    );
  }

  /**
   * `in:replies` / `in:notes`: the words of our own replies and internal notes, each conversation
   * once at its newest matching message, newest first. Our messages are few beside the customers',
   * so their index alone answers.
   */
  private teamWordMatches(search: SearchQuery, scope: SearchScope, beforeMessageId: string | undefined): Promise<WordPageRow[]> {
    const values: unknown[] = [search.words];
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const conditions = this.conditions(search, scope, parameter, 'm.received_at');
    if (beforeMessageId) conditions.push(`m.id < ${parameter(beforeMessageId)}::bigint`);
    const where = conditions.map((condition) => `AND ${condition}`).join(' ');
    return this.withPageRows(
      `WITH hits AS MATERIALIZED (
         SELECT DISTINCT ON (t.conversation_id) t.id, t.conversation_id, t.received_at FROM message t
         WHERE t.direction = 'out' AND t.kind IN (${teamKinds(search.texts)}) AND ${TEAM_VECTOR('t')} @@ websearch_to_tsquery('${CONFIG}', $1)
         ORDER BY t.conversation_id, t.id DESC)
       SELECT m.id::text AS "matchId", m.conversation_id::text AS "conversationId"
       FROM hits m JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id JOIN mailbox mb ON mb.id = c.mailbox_id
       WHERE true ${where}
       ORDER BY m.id DESC LIMIT ${parameter(scope.limit)}`,
      values,
      scope.personId,
    );
  }

  /**
   * Customer words narrowed by who or what (from:, to:, subject:): the few conversations those name
   * come first (trigram indexes), then their messages that hold the words, found by PostgreSQL ANDing
   * the words' GIN index (IDX_message_search over the `search` column, `wholegrain` configuration)
   * with the conversations' index, so only real matches are read from the table. Null when the
   * filters name too many conversations for that to pay (the other plans take over).
   */
  private async scopedWordMatches(search: SearchQuery, scope: SearchScope, beforeMessageId: string | undefined): Promise<WordPageRow[] | null> {
    const values: unknown[] = [search.words];
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const scopeConditions = this.conditions(search, scope, parameter, null, true);
    const conditions: string[] = [];
    if (search.before) conditions.push(`m.received_at < ${parameter(search.before)}`);
    if (search.after) conditions.push(`m.received_at >= ${parameter(search.after)}`);
    if (beforeMessageId) conditions.push(`m.id < ${parameter(beforeMessageId)}::bigint`);
    // One statement (the conversations, then their matching messages): one round trip, and the
    // conversation ids never travel to Node and back. The one-row outer query says how many
    // conversations the filters named even when no message matches.
    const scopeWhere = scopeConditions.join(' AND ');
    // The contact and mailbox only when a condition reads them (from: goes through contact_id).
    const scopeJoins = `${/\bct\./.test(scopeWhere) ? 'JOIN contact ct ON ct.id = c.contact_id' : ''} ${/\bmb\./.test(scopeWhere) ? 'JOIN mailbox mb ON mb.id = c.mailbox_id' : ''}`;
    const rows = await this.withPageRows(
      `WITH scoped AS MATERIALIZED (
         SELECT c.id FROM conversation c ${scopeJoins}
         WHERE ${scopeWhere} LIMIT ${SCOPED_CONVERSATIONS_MAX + 1}),
       newest AS MATERIALIZED (
         SELECT DISTINCT ON (conversation_id) id, conversation_id, received_at FROM message
         WHERE conversation_id = ANY(ARRAY(SELECT id FROM scoped)) AND search @@ websearch_to_tsquery('${CONFIG}', $1)
         ORDER BY conversation_id, id DESC)
       SELECT (SELECT count(*) FROM scoped)::int AS scoped, page."matchId", page."conversationId"
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT m.id::text AS "matchId", m.conversation_id::text AS "conversationId" FROM newest m
         WHERE true ${conditions.map((condition) => `AND ${condition}`).join(' ')}
         ORDER BY m.id DESC LIMIT ${parameter(scope.limit)}) page ON true`,
      values,
      scope.personId,
    );
    if ((rows[0]?.scoped ?? 0) > SCOPED_CONVERSATIONS_MAX) return null;
    return rows.filter((row) => row.matchId !== null && row.conversationId !== null);
  }

  /**
   * The page in the same statement as its matches (one round trip instead of three): each match's
   * conversation as a list row, the matched message's text, and ts_headline's marks over its
   * new-words span. The span is cut by PostgreSQL in characters while the stored offsets are
   * UTF-16 units, so the marks are trusted only when they give back the same span (highlightSpans);
   * otherwise the caller asks highlights() for that text as before. `$1` is always the words.
   * Matches keep their order (newest first); a match whose conversation is gone keeps its row
   * (null conversation fields), so paging still counts it.
   */
  private withPageRows(matches: string, values: unknown[], personId: string): Promise<(WordPageRow & { scoped?: number })[]> {
    const parameter = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    const person = parameter(personId);
    const options = parameter(HEADLINE_OPTIONS);
    return this.transactions.manager.query(
      `WITH found AS MATERIALIZED (${matches})
       SELECT found.*, r.*, mm.text AS "matchText", mm.new_text_start AS "matchStart", mm.new_text_end AS "matchEnd",
              ts_headline('${CONFIG}', substr(mm.text, mm.new_text_start + 1, GREATEST(mm.new_text_end - mm.new_text_start, 0)), websearch_to_tsquery('${CONFIG}', $1), ${options}) AS "matchMarked"
       FROM found
       LEFT JOIN LATERAL (SELECT ${CONVERSATION_COLUMNS} ${factsColumns(person)} ${CONVERSATION_JOINS} WHERE c.id = found."conversationId"::bigint) r ON true
       LEFT JOIN message mm ON mm.id = found."matchId"::bigint
       ORDER BY found."matchId"::bigint DESC NULLS LAST`,
      values,
    );
  }

  /**
   * Where the query's words are in each text, as UTF-16 offsets: PostgreSQL's own parser and
   * stemmer mark them (ts_headline), and the marks are trusted only if removing them gives back
   * the text exactly.
   */
  async highlights(words: string, texts: string[]): Promise<{ start: number; end: number }[][]> {
    if (texts.length === 0) return [];
    const rows = (await this.transactions.manager.query(
      `SELECT ordinality, ts_headline('${CONFIG}', t.value, websearch_to_tsquery('${CONFIG}', $1), $3) AS marked
       FROM unnest($2::text[]) WITH ORDINALITY AS t(value, ordinality) ORDER BY ordinality`,
      [words, texts, HEADLINE_OPTIONS],
    )) as { marked: string }[];
    return rows.map((row, index) => highlightSpans(row.marked, texts[index] ?? '') ?? []);
  }
}

/**
 * The spans ts_headline marked (UTF-16 offsets into `text`), or null when removing the marks does
 * not give back `text` exactly (then the marks cannot be trusted).
 */
export function highlightSpans(marked: string, text: string): { start: number; end: number }[] | null {
  const spans: { start: number; end: number }[] = [];
  let plain = '';
  let open = -1;
  for (const character of marked) {
    if (character === START) open = plain.length;
    else if (character === STOP && open >= 0) {
      spans.push({ start: open, end: plain.length });
      open = -1;
    } else plain += character;
  }
  return plain === text ? spans : null;
}
