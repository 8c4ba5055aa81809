import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { type ConversationListFilter, ConversationQueryRepository, type ConversationRow } from './conversation-query.repository.js';
import type { ConversationDto, ConversationListItemDto, ConversationPageDto, ConversationStatusDto, MessageDto } from './conversations.types.js';

export const CONVERSATION_STATUSES: ConversationStatusDto[] = ['open', 'pending', 'snoozed', 'closed', 'spam'];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

export interface ListQuery {
  status?: string | undefined;
  mailbox?: string | undefined;
  assignee?: string | undefined;
  cursor?: string | undefined;
  limit?: string | undefined;
}

@Injectable()
export class ConversationsService {
  constructor(private readonly queries: ConversationQueryRepository) {}

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

    const filter: ConversationListFilter = { limit: limit + 1 };
    if (statuses) filter.status = statuses;
    if (query.mailbox) filter.mailboxId = query.mailbox;
    if (assignee) filter.assignee = assignee;
    if (query.cursor) filter.before = decodeCursor(query.cursor);
    const rows = await this.queries.list(filter);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toListItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  async get(id: string): Promise<ConversationDto> {
    const row = isBigintId(id) ? await this.queries.findOne(id) : null;
    if (!row) throw new AppError('not_found', 'No such conversation.');
    const messages = await this.queries.messages(id);
    const attachments = await this.queries.attachments(messages.map((message) => message.id));
    return {
      ...toListItem(row),
      mailbox: { id: row.mailboxId, name: row.mailboxName, address: row.mailboxAddress },
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
          newText: { start: message.newTextStart, end: message.newTextEnd },
          hasHtml: message.hasHtml,
          threadRule: message.threadRule,
          messageIdHeader: message.messageIdHeader,
          messageIdReused: message.messageIdReused,
          decodingIssues: message.decodingIssues,
          hasRaw: message.rawMessageId !== null,
          attachments: attachments
            .filter((attachment) => attachment.messageId === message.id)
            .map(({ messageId: _messageId, ...attachment }) => attachment),
        }),
      ),
    };
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
    messageCount: row.messageCount,
    preview: { text: row.preview, truncated: row.previewTruncated, messageId: row.previewMessageId },
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
