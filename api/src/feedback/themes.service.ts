import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { createThemeRequestSchema, updateThemeRequestSchema } from './feedback.contract.js';
import type { ThemeDto, ThemeSummaryDto } from './feedback.types.js';
import { FREE_MAIL_DOMAINS } from './fix-reply-text.js';
import { toIssueDto } from './issues.service.js';
import { IssuesRepository } from './issues.repository.js';
import { toQuoteDto } from './quotes.service.js';
import { QuotesRepository } from './quotes.repository.js';
import { ThemesRepository, type ThemeSummaryRow } from './themes.repository.js';

const WEEK_MS = 7 * 86_400_000;

function toSummary(row: ThemeSummaryRow): ThemeSummaryDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    phrases: row.phrases,
    quotes: row.quotes,
    customers: row.customers,
    companies: row.companies,
    firstSeen: row.firstSeen ? new Date(row.firstSeen).toISOString() : null,
    lastSeen: row.lastSeen ? new Date(row.lastSeen).toISOString() : null,
  };
}

/** Product themes: their quotes verbatim, counts, a 12-week trend, phrases (admins) and merges. */
@Injectable()
export class ThemesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly themesRepository: ThemesRepository,
    private readonly quotes: QuotesRepository,
    private readonly issues: IssuesRepository,
    private readonly clock: Clock,
  ) {}

  async themes(): Promise<ThemeSummaryDto[]> {
    return (await this.themesRepository.themeSummaries(FREE_MAIL_DOMAINS)).map(toSummary);
  }

  async createTheme(input: z.output<typeof createThemeRequestSchema>, actor: Person): Promise<ThemeDto> {
    if (input.phrases.length && actor.access !== 'admin') throw new AppError('forbidden', 'Only admins give themes suggestion phrases.');
    return this.theme(await this.themesRepository.insertTheme({ ...input, createdBy: actor.id }));
  }

  async updateTheme(id: string, input: z.output<typeof updateThemeRequestSchema>, actor: Person): Promise<ThemeDto> {
    const theme = isUuid(id) ? await this.themesRepository.theme(id) : null;
    if (!theme || theme.mergedInto) throw new AppError('not_found', 'No such theme.');
    if (input.phrases !== undefined && actor.access !== 'admin') throw new AppError('forbidden', 'Only admins give themes suggestion phrases.');
    await this.themesRepository.updateTheme(id, input);
    return this.theme(id);
  }

  async mergeTheme(id: string, intoId: string): Promise<ThemeDto> {
    if (id === intoId) throw new AppError('validation_failed', 'A theme cannot be merged into itself.');
    await this.transactions.run(async (tx) => {
      const [from, into] = [isUuid(id) ? await this.themesRepository.theme(id, tx) : null, isUuid(intoId) ? await this.themesRepository.theme(intoId, tx) : null];
      if (!from || from.mergedInto || !into || into.mergedInto) throw new AppError('not_found', 'Both themes must exist (and not be merged already).');
      await this.themesRepository.mergeTheme(id, intoId, tx);
    });
    return this.theme(intoId);
  }

  async theme(id: string): Promise<ThemeDto> {
    const [row] = isUuid(id) ? await this.themesRepository.themeSummaries(FREE_MAIL_DOMAINS, id) : [];
    if (!row) throw new AppError('not_found', 'No such theme.');
    const now = this.clock.now();
    const [quotes, counts, issues] = await Promise.all([
      this.quotes.quotes({ themeId: id }),
      this.themesRepository.weekly(id, new Date(now.getTime() - 12 * WEEK_MS)),
      this.issues.issues({ themeId: id }),
    ]);
    return { ...toSummary(row), quoteList: quotes.map(toQuoteDto), weekly: twelveWeeks(counts, now), issues: issues.map(toIssueDto) };
  }
}

/** Every week of the last twelve (Mondays, UTC), empty ones included, so a trend reads at a glance. */
function twelveWeeks(counts: { week: string; quotes: number }[], now: Date): { week: string; quotes: number }[] {
  const byWeek = new Map(counts.map((entry) => [entry.week, entry.quotes]));
  const monday = new Date(now);
  monday.setUTCHours(0, 0, 0, 0);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return Array.from({ length: 12 }, (_, index) => {
    const week = new Date(monday.getTime() - (11 - index) * WEEK_MS).toISOString().slice(0, 10);
    return { week, quotes: byWeek.get(week) ?? 0 };
  });
}
