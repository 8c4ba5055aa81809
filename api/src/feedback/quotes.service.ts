import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import { DutyService } from '../duty/duty.service.js';
import type { Person } from '../people/person.entity.js';
import type { QuoteDto } from './feedback.types.js';
import { companyOf } from './fix-reply-text.js';
import { MemberActions } from './member-actions.js';
import { QuotesRepository, type QuoteFilter, type QuoteRow } from './quotes.repository.js';
import { quoteSpan } from './quote-span.js';
import { ThemesRepository } from './themes.repository.js';

export function toQuoteDto(row: QuoteRow): QuoteDto {
  return {
    id: row.id,
    messageId: row.messageId,
    conversationId: row.conversationId,
    start: row.start,
    end: row.end,
    text: row.text,
    prefix: row.prefix,
    suffix: row.suffix,
    dutyDate: row.dutyDate,
    dutyPerson: row.dutyPersonId ? { id: row.dutyPersonId, name: row.dutyPersonName ?? '' } : null,
    pinnedBy: row.pinnedById ? { id: row.pinnedById, name: row.pinnedByName ?? '' } : null,
    pinnedAt: row.pinnedAt.toISOString(),
    outsideNewText: row.outsideNewText,
    customer: { email: row.customerEmail, name: row.customerName },
    company: companyOf(row.customerEmail),
    messageDate: new Date(row.messageDate).toISOString(),
    themes: row.themes,
  };
}

/**
 * Quotes: a customer's exact words, pinned. The text always comes from the stored message at the
 * given offsets: there is no way to send wording of one's own. Quotes are never edited, only retracted.
 */
@Injectable()
export class QuotesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly quotes: QuotesRepository,
    private readonly themes: ThemesRepository,
    private readonly duty: DutyService,
    private readonly live: LiveEvents,
    private readonly memberActions: MemberActions,
  ) {}

  async pin(input: { messageId: string; start: number; end: number; themeIds?: string[] | undefined }, actor: Person): Promise<QuoteDto> {
    const id = await this.transactions.run(async (tx) => {
      const message = await this.quotes.messageForQuote(input.messageId, tx);
      if (!message) throw new AppError('not_found', 'No such message.');
      if (message.direction !== 'in' || message.kind !== 'email') throw new AppError('validation_failed', 'Only a customer’s own words can be pinned (not our replies, notes, auto-replies or bounces).');
      const span = quoteSpan(message.text, input.start, input.end);
      if (!span.ok) throw new AppError('validation_failed', span.reason, { start: [span.reason] });
      const quoteId = await this.quotes.insertQuote(
        {
          messageId: input.messageId,
          conversationId: message.conversationId,
          start: input.start,
          end: input.end,
          text: span.text,
          prefix: span.prefix,
          suffix: span.suffix,
          dutyDate: await this.duty.dutyDateFor(message.mailboxId, message.receivedAt),
          dutyPersonId: await this.duty.personOnDutyFor(message.mailboxId, message.receivedAt),
          pinnedBy: actor.id,
        },
        tx,
      );
      for (const themeId of await this.themes.liveThemeIds(input.themeIds ?? [], tx)) await this.quotes.tag(quoteId, themeId, actor.id, tx);
      await this.live.publish({ type: 'conversation', conversationId: message.conversationId }, tx);
      return quoteId;
    });
    return this.quote(id);
  }

  async quote(id: string): Promise<QuoteDto> {
    const [row] = isUuid(id) ? await this.quotes.quotes({ id }) : [];
    if (!row) throw new AppError('not_found', 'No such quote (or it was retracted).');
    return toQuoteDto(row);
  }

  async list(filter: QuoteFilter): Promise<QuoteDto[]> {
    return (await this.quotes.quotes(filter)).map(toQuoteDto);
  }

  /** A quote is its author's to retract; admins may too, and members when an admin allows it. */
  async retract(id: string, actor: Person): Promise<void> {
    const quote = isUuid(id) ? (await this.quotes.quotes({ id }))[0] : undefined;
    if (!quote) throw new AppError('not_found', 'No such quote (or it was already retracted).');
    if (quote.pinnedById !== actor.id) await this.memberActions.require(actor, 'retractOthersQuotes');
    await this.transactions.run(async (tx) => {
      const retracted = await this.quotes.retractQuote(id, actor.id, tx);
      if (!retracted) throw new AppError('not_found', 'No such quote (or it was already retracted).');
      await this.live.publish({ type: 'conversation', conversationId: retracted.conversationId }, tx);
    });
  }

  async tag(quoteId: string, themeId: string, actor: Person): Promise<QuoteDto> {
    await this.quote(quoteId);
    const [live] = await this.themes.liveThemeIds([themeId]);
    if (!live) throw new AppError('not_found', 'No such theme.');
    await this.quotes.tag(quoteId, live, actor.id);
    return this.quote(quoteId);
  }

  async untag(quoteId: string, themeId: string): Promise<QuoteDto> {
    await this.quote(quoteId);
    if (isUuid(themeId)) await this.quotes.untag(quoteId, themeId);
    return this.quote(quoteId);
  }
}
