import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { type ConversationListFilter, ConversationQueryRepository, type ConversationRow } from './conversation-query.repository.js';
import { CONVERSATION_STATUSES } from './conversations.types.js';
import type { ConversationDto, ConversationListItemDto, ConversationPageDto, ConversationStatusDto, MessageDto, SearchMatchDto, ViewCountsDto } from './conversations.types.js';
import { ConversationSearchRepository, highlightSpans, type SearchScope } from './conversation-search.repository.js';
import { ReadStateRepository } from './read-state.repository.js';
import { parseSearch, type SearchQuery, SearchSyntaxError } from './search-query.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;
/** Delta rows in the view counter beyond which reading the counts folds them (ReadStateRepository.compactCounts). */
const COUNT_ROWS_BEFORE_FOLD = 500;

export interface ListQuery {
  status?: string | undefined;
  mailbox?: string | undefined;
  assignee?: string | undefined;
  cursor?: string | undefined;
  limit?: string | undefined;
  q?: string | undefined;
}

@Injectable()
export class ConversationsService {
  constructor(
    private readonly queries: ConversationQueryRepository,
    private readonly search: ConversationSearchRepository,
    private readonly readState: ReadStateRepository,
  ) {}

  async counts(personId: string): Promise<ViewCountsDto> {
    const counts: ViewCountsDto = { unassigned: 0, mine: 0, open: 0, pending: 0, snoozed: 0, closed: 0, spam: 0, bulk: 0, mailboxes: {} };
    const { groups, rows } = await this.readState.counts(personId);
    // Now and then, fold the counter's deltas (each status change adds two) so reading stays small.
    if (rows > COUNT_ROWS_BEFORE_FOLD && rows > 2 * groups.length) await this.readState.compactCounts();
    for (const row of groups) {
      const status = row.status as ConversationStatusDto;
      counts[status] += row.count;
      if (status !== 'open') continue;
      if (row.unassigned) counts.unassigned += row.count;
      if (row.mine) counts.mine += row.count;
      counts.mailboxes[row.mailboxId] = (counts.mailboxes[row.mailboxId] ?? 0) + row.count;
    }
    return counts;
  }

  /** The conversation as the person opens it: its customer mail counts as read for them from now. */
  async open(id: string, personId: string): Promise<ConversationDto> {
    const conversation = await this.get(id);
    const newest = conversation.messages.at(-1);
    if (newest) await this.readState.markRead(personId, conversation.id, newest.id);
    return conversation;
  }

  /** Most recent activity first, with a keyset cursor (stable and fast at any depth). */
  async list(query: ListQuery, currentPersonId: string): Promise<ConversationPageDto> {
    const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new AppError('validation_failed', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { limit: ['Out of range'] });
    }
    const statuses = query.status ? query.status.split(',').map((status) => status.trim()) : undefined;
    const unknown = statuses?.filter((status) => !CONVERSATION_STATUSES.includes(status as ConversationStatusDto));
    if (unknown?.length) throw new AppError('validation_failed', `Unknown status: ${unknown.join(', ')}.`, { status: [`Use ${CONVERSATION_STATUSES.join(', ')}`] });
    if (query.mailbox !== undefined && !isUuid(query.mailbox)) throw new AppError('validation_failed', 'mailbox must be a mailbox id.', { mailbox: ['Not an id'] });
    let assignee = query.assignee;
    if (assignee === 'me') assignee = currentPersonId;
    if (assignee !== undefined && assignee !== 'unassigned' && !isUuid(assignee)) {
      throw new AppError('validation_failed', 'assignee must be a person id, "me" or "unassigned".', { assignee: ['Not a person id'] });
    }

    if (query.q !== undefined && query.q.trim() !== '') {
      let search: SearchQuery;
      try {
        search = parseSearch(query.q);
      } catch (error) {
        if (error instanceof SearchSyntaxError) throw new AppError('validation_failed', error.message, { q: [error.message] });
        throw error;
      }
      const scope: SearchScope = { limit: limit + 1, personId: currentPersonId };
      if (statuses) scope.status = statuses;
      if (query.mailbox) scope.mailboxId = query.mailbox;
      if (assignee) scope.assignee = assignee === currentPersonId ? 'me' : assignee;
      return search.words ? this.searchWords(search, scope, limit, query.cursor) : this.searchFiltered(search, scope, limit, query.cursor);
    }

    const filter: ConversationListFilter = { limit: limit + 1, personId: currentPersonId };
    if (statuses) filter.status = statuses;
    if (query.mailbox) filter.mailboxId = query.mailbox;
    if (assignee) filter.assignee = assignee;
    if (query.cursor) filter.before = decodeCursor(query.cursor);
    const rows = await this.queries.list(filter);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toListItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  private async searchFiltered(search: SearchQuery, scope: SearchScope, limit: number, cursor: string | undefined): Promise<ConversationPageDto> {
    const rows = await this.search.filtered(search, scope, cursor ? decodeCursor(cursor) : undefined);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toListItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  private async searchWords(search: SearchQuery, scope: SearchScope, limit: number, cursor: string | undefined): Promise<ConversationPageDto> {
    let before: string | undefined;
    if (cursor) {
      before = Buffer.from(cursor, 'base64url').toString('utf8').replace(/^m\|/, '');
      if (!isBigintId(before)) throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', { cursor: ['Invalid'] });
    }
    // One statement: the matches, their conversations' rows and the words marked in each match.
    const matches = await this.search.wordPage(search, scope, before);
    const page = matches.slice(0, limit);
    const spans = page.flatMap((match) =>
      match.matchText === null || match.matchStart === null || match.matchEnd === null
        ? []
        : [{ match, words: match.matchText.slice(match.matchStart, match.matchEnd), start: match.matchStart }],
    );
    const marked = spans.map((span) => (span.match.matchMarked === null ? null : highlightSpans(span.match.matchMarked, span.words)));
    // Marks PostgreSQL placed on a differently cut span (characters beyond the BMP): asked again on the exact span.
    const again = spans.filter((_span, index) => marked[index] === null);
    const fixed = await this.search.highlights(
      search.words,
      again.map((span) => span.words),
    );
    const matchByMessage = new Map(
      spans.map((span, index) => [span.match.matchId, snippet(span.match.matchId, span.words, span.start, marked[index] ?? fixed[again.indexOf(span)] ?? [])]),
    );
    const items = page.flatMap((match) => {
      if (match.id === undefined || match.id === null) return [];
      const item = toListItem(match as ConversationRow);
      const found = matchByMessage.get(match.matchId);
      return [found ? { ...item, match: found } : item];
    });
    const last = page.at(-1);
    return { items, nextCursor: matches.length > limit && last ? Buffer.from(`m|${last.matchId}`).toString('base64url') : null };
  }

  /**
   * The 404 for a conversation that is not there: one merged into another says where it went
   * (`mergedInto`, beside code and message), so a link or an open tab can follow it.
   */
  async notFound(id: string): Promise<AppError> {
    const into = isBigintId(id) ? await this.queries.mergedInto(id) : null;
    if (into) return new AppError('not_found', `This conversation was merged into #${into}.`, undefined, undefined, { mergedInto: into });
    return new AppError('not_found', 'No such conversation.');
  }

  /** For endpoints about a conversation (its customer, its feedback): the same 404 as `get` when it is not there. */
  async ensureExists(id: string): Promise<void> {
    if (!(isBigintId(id) && (await this.queries.exists(id)))) throw await this.notFound(id);
  }

  async get(id: string): Promise<ConversationDto> {
    const row = isBigintId(id) ? await this.queries.findOne(id) : null;
    if (!row) throw await this.notFound(id);
    const messages = await this.queries.messages(id);
    const [attachments, quoteSpans] = await Promise.all([this.queries.attachments(messages.map((message) => message.id)), this.queries.quoteSpans(id)]);
    return {
      ...toListItem(row),
      mailbox: { id: row.mailboxId, name: row.mailboxName, address: row.mailboxAddress, afterReply: row.mailboxAfterReply },
      version: row.version,
      messages: messages.map(
        (message): MessageDto => ({
          id: message.id,
          direction: message.direction,
          kind: message.kind,
          from: message.fromAddress ? { address: message.fromAddress, name: message.fromName } : null,
          to: message.toAddresses,
          cc: message.ccAddresses,
          replyTo: message.replyTo,
          date: message.sentAt?.toISOString() ?? null,
          receivedAt: message.receivedAt.toISOString(),
          subject: message.subject,
          text: message.text,
          newText: { start: message.newTextStart, end: message.newTextEnd, interleaved: message.newTextInterleaved, forwarded: message.newTextForwarded },
          hasHtml: message.hasHtml,
          threadRule: message.threadRule,
          messageIdHeader: message.messageIdHeader,
          messageIdReused: message.messageIdReused,
          decodingIssues: message.decodingIssues,
          hasRaw: message.rawMessageId !== null,
          author: message.authorId ? { id: message.authorId, name: message.authorName ?? '' } : null,
          send: message.sendStatus
            ? {
                status: message.sendStatus,
                attempts: message.sendAttempts,
                error: message.sendError,
                sentAt: message.sendStatus === 'sent' ? (message.sentAt?.toISOString() ?? null) : null,
                ...(message.sendStatus === 'held' ? { sendAfter: message.nextSendAt?.toISOString() ?? null, sendsInMs: message.sendsInMs ?? 0 } : {}),
              }
            : null,
          activity: (message.activity as MessageDto['activity']) ?? null,
          highlights: quoteSpans.filter((span) => span.messageId === message.id).map(({ start, end }) => ({ start, end })),
          attachments: attachments
            .filter((attachment) => attachment.messageId === message.id)
            .map(({ messageId: _messageId, ...attachment }) => attachment),
        }),
      ),
    };
  }

  async html(messageId: string): Promise<string> {
    const html = isBigintId(messageId) ? await this.queries.htmlOfMessage(messageId) : null;
    if (html === null) throw new AppError('not_found', 'This message has no HTML part.');
    return html;
  }

  async raw(messageId: string): Promise<Buffer> {
    const raw = isBigintId(messageId) ? await this.queries.rawOfMessage(messageId) : null;
    if (!raw) throw new AppError('not_found', 'This message has no stored original (our replies and notes have none).');
    return raw.bytes;
  }

  async attachment(id: string): Promise<{ filename: string | null; contentType: string; bytes: Buffer }> {
    const attachment = isUuid(id) ? await this.queries.attachmentBytes(id) : null;
    if (!attachment) throw new AppError('not_found', 'No such attachment.');
    return attachment;
  }
}

function toListItem(row: ConversationRow): ConversationListItemDto {
  return {
    id: row.id,
    number: Number(row.id),
    subject: row.subject,
    status: row.status as ConversationStatusDto,
    mailboxId: row.mailboxId,
    contact: { email: row.contactEmail, name: row.contactName },
    assignee: row.assigneeId ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
    lastMessageAt: row.lastMessageAt.toISOString(),
    waitingSince: row.waitingSince?.toISOString() ?? null,
    lastReplyAt: row.lastReplyAt ? new Date(row.lastReplyAt).toISOString() : null,
    unread: row.unread ?? false,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    messageCount: row.messageCount,
    preview: { text: row.preview, truncated: row.previewTruncated, messageId: row.previewMessageId },
  };
}

/** Room around the first matching word in a search result, in characters. */
const SNIPPET_BEFORE = 80;
const SNIPPET_LENGTH = 280;

/**
 * The customer's words around the first match: an exact substring of the message text, cut only
 * at whitespace (never inside a word), with the highlights moved to its offsets.
 */
export function snippet(messageId: string, words: string, wordsStart: number, highlights: { start: number; end: number }[]): SearchMatchDto {
  const first = highlights[0]?.start ?? 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0) {
    const space = words.slice(start, first).search(/\s/);
    start = space === -1 ? first : start + space + 1;
  }
  let end = Math.min(words.length, start + SNIPPET_LENGTH);
  if (end < words.length) {
    const lastSpace = words.slice(0, end).search(/\s\S*$/);
    if (lastSpace > (highlights[0]?.end ?? start)) end = lastSpace;
  }
  // Without whitespace to cut at (CJK), never split a surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(words[start] ?? '')) start += 1;
  if (/[\uD800-\uDBFF]/.test(words[end - 1] ?? '')) end -= 1;
  while (start < end && /\s/.test(words[start] ?? '')) start += 1;
  while (end > start && /\s/.test(words[end - 1] ?? '')) end -= 1;
  return {
    messageId,
    text: words.slice(start, end),
    start: wordsStart + start,
    cutBefore: start > 0,
    cutAfter: end < words.length,
    highlights: highlights.filter((span) => span.start >= start && span.end <= end).map((span) => ({ start: span.start - start, end: span.end - start })),
  };
}

// The cursor carries PostgreSQL's own text of the timestamp: microseconds survive the round trip.
function encodeCursor(row: ConversationRow): string {
  return Buffer.from(`${row.lastMessageAtText}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { lastMessageAt: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !isBigintId(id) || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(at)) {
    throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', { cursor: ['Invalid'] });
  }
  return { lastMessageAt: at, id };
}
