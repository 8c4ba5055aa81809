import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { NewTextRun } from './new-text-run.entity.js';

export interface StoredSpan {
  id: string;
  text: string;
  html: string | null;
  subject: string;
  start: number;
  end: number;
  interleaved: boolean;
  forwarded: boolean;
}

export interface SpanChange {
  id: string;
  start: number;
  end: number;
  interleaved: boolean;
  forwarded: boolean;
  /** What search indexes of the new span (searchableWords). */
  searchText: string;
}

export interface PreviewChange {
  messageId: string;
  text: string;
  truncated: boolean;
}

/** A run abandoned by a process that died is failed after this long without a heartbeat. */
const ABANDONED_AFTER = '2 minutes';

@Injectable()
export class NewTextRunRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Starts a run (inserting the running row is the claim); null when another one is running. */
  async start(startedBy: string | null, tx: Tx): Promise<NewTextRun | null> {
    await tx.query(
      `UPDATE new_text_run SET status = 'failed', finished_at = now(), error = 'Abandoned: the process running it stopped.'
       WHERE status = 'running' AND heartbeat_at < now() - $1::interval`,
      [ABANDONED_AFTER],
    );
    const rows = await returningRows<{ id: string }>(
      tx,
      `INSERT INTO new_text_run (started_by, total)
       SELECT $1, count(*)::int FROM message WHERE direction = 'in' AND raw_message_id IS NOT NULL
       ON CONFLICT (status) WHERE status = 'running' DO NOTHING
       RETURNING id`,
      [startedBy],
    );
    return rows[0] ? this.find(rows[0].id, tx) : null;
  }

  find(id: string, tx: Tx = this.transactions.manager): Promise<NewTextRun | null> {
    return tx.getRepository(NewTextRun).findOneBy({ id });
  }

  async latest(): Promise<NewTextRun | null> {
    const [run] = await this.transactions.manager.getRepository(NewTextRun).find({ order: { startedAt: 'DESC' }, take: 1 });
    return run ?? null;
  }

  /** Locks the run for one batch, so two processes never work on the same messages. */
  async lock(id: string, tx: Tx): Promise<NewTextRun | null> {
    return tx.getRepository(NewTextRun).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The next inbound messages (stored from raw mail) after the cursor, with what their span is computed from. */
  nextMessages(after: string, limit: number, tx: Tx): Promise<StoredSpan[]> {
    return tx.query(
      // Ordered by the bigint column, not the text alias of the same name.
      `SELECT m.id::text AS id, m.text, m.html, m.subject, m.new_text_start AS start, m.new_text_end AS "end",
              m.new_text_interleaved AS interleaved, m.new_text_forwarded AS forwarded
       FROM message m WHERE m.direction = 'in' AND m.raw_message_id IS NOT NULL AND m.id > $1::bigint ORDER BY m.id LIMIT $2`,
      [after, limit],
    );
  }

  /**
   * Stores the new spans, the search vectors of indexed messages (search covers the new words only),
   * and flags the pinned quotes that now lie outside their span. Quotes keep their text and offsets.
   * Returns how many quotes became flagged.
   */
  async applySpans(changes: SpanChange[], tx: Tx): Promise<number> {
    if (changes.length === 0) return 0;
    await tx.query(
      `UPDATE message m SET new_text_start = x.start, new_text_end = x."end", new_text_interleaved = x.interleaved, new_text_forwarded = x.forwarded,
              search = CASE WHEN m.search IS NULL THEN NULL ELSE to_tsvector('wholegrain', x.search_text) END
       FROM json_to_recordset($1::json) AS x(id bigint, start int, "end" int, interleaved boolean, forwarded boolean, search_text text)
       WHERE m.id = x.id`,
      [JSON.stringify(changes.map(({ searchText, ...change }) => ({ ...change, search_text: searchText })))],
    );
    const flagged = await returningRows<{ id: string }>(
      tx,
      `UPDATE quote q SET outside_new_text = (q.start_offset < m.new_text_start OR q.end_offset > m.new_text_end)
       FROM message m
       WHERE q.message_id = m.id AND m.id = ANY($1::bigint[])
         AND q.outside_new_text IS DISTINCT FROM (q.start_offset < m.new_text_start OR q.end_offset > m.new_text_end)
       RETURNING q.id::text, q.outside_new_text`,
      [changes.map((change) => change.id)],
    );
    return flagged.filter((row) => (row as { outside_new_text?: boolean }).outside_new_text).length;
  }

  /** Conversations whose preview came from a message whose span changed. */
  previewedBy(messageIds: string[], tx: Tx): Promise<{ messageId: string }[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return tx.query(`SELECT preview_message_id::text AS "messageId" FROM conversation WHERE preview_message_id = ANY($1::bigint[])`, [messageIds]);
  }

  async updatePreviews(previews: PreviewChange[], tx: Tx): Promise<void> {
    if (previews.length === 0) return;
    await tx.query(
      `UPDATE conversation c SET preview = x.text, preview_truncated = x.truncated
       FROM json_to_recordset($1::json) AS x(message_id bigint, text text, truncated boolean)
       WHERE c.preview_message_id = x.message_id`,
      [JSON.stringify(previews.map((preview) => ({ message_id: preview.messageId, text: preview.text, truncated: preview.truncated })))],
    );
  }

  async advance(id: string, progress: { cursor: string; processed: number; changed: number; quotesFlagged: number }, tx: Tx): Promise<void> {
    await tx.query(
      `UPDATE new_text_run SET cursor = $2, processed = processed + $3, changed = changed + $4, quotes_flagged = quotes_flagged + $5, heartbeat_at = now()
       WHERE id = $1`,
      [id, progress.cursor, progress.processed, progress.changed, progress.quotesFlagged],
    );
  }

  async finish(id: string, status: 'done' | 'failed', error: string | null, tx: Tx = this.transactions.manager): Promise<void> {
    await tx.query(`UPDATE new_text_run SET status = $2, error = $3, finished_at = now(), heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [id, status, error]);
  }
}
