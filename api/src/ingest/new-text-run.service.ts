import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { firstAnswerEnd, previewOf, searchableWords } from '../conversations/preview.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import type { NewTextRun } from './new-text-run.entity.js';
import type { NewTextRunDto } from './new-text-run.types.js';
import { NewTextRunRepository, type SpanChange, type StoredSpan } from './new-text-run.repository.js';
import { findNewText } from './new-text.js';

export const NEW_TEXT_BATCH_SIZE = 500;

/** The span findNewText gives a stored message now, or null when it is what is stored already. */
export function respan(message: StoredSpan): SpanChange | null {
  const span = findNewText(message.text, { html: message.html, subject: message.subject });
  const interleaved = span.interleaved === true;
  const change = { id: message.id, start: span.start, end: span.end, interleaved, forwarded: span.forwarded === true, searchText: searchableWords(message.text, span, interleaved) };
  const same = change.start === message.start && change.end === message.end && change.interleaved === message.interleaved && change.forwarded === message.forwarded;
  return same ? null : change;
}

export interface BatchResult {
  done: boolean;
  processed: number;
  changed: number;
  quotesFlagged: number;
}

/**
 * Re-computes the new-text span of every stored inbound message after the span rules change
 * (`npm run reprocess:new-text`, or Settings → New words). Spans are computed from the message's
 * stored decoded text, HTML and subject (what the raw bytes decoded to, and what every offset refers
 * to), in batches of NEW_TEXT_BATCH_SIZE, each batch one transaction that also advances the run's
 * cursor: a run that stops resumes nothing twice and loses nothing. Search vectors and previews
 * follow the new spans; pinned quotes are never changed, only flagged when now outside the span.
 */
@Injectable()
export class NewTextRunService {
  private readonly logger = new Logger(NewTextRunService.name);

  constructor(
    private readonly runs: NewTextRunRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Starts a run and works through it in the background of this process. */
  async start(startedBy: string | null): Promise<NewTextRunDto> {
    const run = await this.transactions.run((tx) => this.runs.start(startedBy, tx));
    if (!run) throw new AppError('conflict', 'Re-processing is already running.');
    void this.runToEnd(run.id).catch((error: unknown) => this.logger.error(`New-text run ${run.id} failed: ${error instanceof Error ? error.message : String(error)}`));
    return toDto(run);
  }

  /** Starts a run and waits for it (the maintenance command); `onBatch` reports progress. */
  async startAndWait(startedBy: string | null, onBatch?: (run: NewTextRunDto) => void): Promise<NewTextRunDto> {
    const run = await this.transactions.run((tx) => this.runs.start(startedBy, tx));
    if (!run) throw new AppError('conflict', 'Re-processing is already running.');
    return this.runToEnd(run.id, onBatch);
  }

  async latest(): Promise<NewTextRunDto | null> {
    const run = await this.runs.latest();
    return run ? toDto(run) : null;
  }

  async runToEnd(id: string, onBatch?: (run: NewTextRunDto) => void, batchSize = NEW_TEXT_BATCH_SIZE): Promise<NewTextRunDto> {
    try {
      for (;;) {
        const result = await this.transactions.run((tx) => this.batch(id, batchSize, tx));
        const run = await this.runs.find(id);
        if (run && onBatch) onBatch(toDto(run));
        if (result.done) return toDto(run!);
      }
    } catch (error) {
      await this.runs.finish(id, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** One batch in one transaction: lock the run, re-compute, store, advance the cursor. */
  async batch(id: string, batchSize: number, tx: Tx): Promise<BatchResult> {
    const run = await this.runs.lock(id, tx);
    if (!run || run.status !== 'running') return { done: true, processed: 0, changed: 0, quotesFlagged: 0 };
    const messages = await this.runs.nextMessages(run.cursor, batchSize, tx);
    if (messages.length === 0) {
      await this.runs.finish(id, 'done', null, tx);
      return { done: true, processed: 0, changed: 0, quotesFlagged: 0 };
    }
    const changes = messages.map(respan).filter((change): change is SpanChange => change !== null);
    const quotesFlagged = await this.runs.applySpans(changes, tx);
    const changedIds = changes.map((change) => change.id);
    const previewed = new Set((await this.runs.previewedBy(changedIds, tx)).map((row) => row.messageId));
    const textById = new Map(messages.map((message) => [message.id, message.text]));
    await this.runs.updatePreviews(
      changes
        .filter((change) => previewed.has(change.id))
        .map((change) => {
          const text = textById.get(change.id)!;
          const preview = previewOf(text, { start: change.start, end: firstAnswerEnd(text, change) });
          return { messageId: change.id, text: preview.preview, truncated: preview.truncated };
        }),
      tx,
    );
    await this.runs.advance(id, { cursor: messages.at(-1)!.id, processed: messages.length, changed: changes.length, quotesFlagged }, tx);
    return { done: false, processed: messages.length, changed: changes.length, quotesFlagged };
  }
}

function toDto(run: NewTextRun): NewTextRunDto {
  return {
    id: run.id,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    total: run.total,
    processed: run.processed,
    changed: run.changed,
    quotesFlagged: run.quotesFlagged,
    error: run.error,
  };
}
