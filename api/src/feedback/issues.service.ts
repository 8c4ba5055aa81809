import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { createIssueRequestSchema } from './feedback.contract.js';
import type { IssueLinkDto, IssueStateDto } from './feedback.types.js';
import { FixRepliesService } from './fix-replies.service.js';
import { IssuesRepository, type IssueRow } from './issues.repository.js';
import { ThemesRepository } from './themes.repository.js';
import { trackerOf } from './webhooks.js';

export function toIssueDto(row: IssueRow): IssueLinkDto {
  return {
    id: row.id,
    tracker: row.tracker,
    url: row.url,
    externalId: row.externalId,
    title: row.title,
    fixSummary: row.fixSummary,
    state: row.state,
    fixedAt: row.fixedAt?.toISOString() ?? null,
    themes: row.themes,
    conversations: row.conversations.map((conversation) => ({ ...conversation, id: String(conversation.id), number: Number(conversation.number) })),
  };
}

/** Issue links: a theme's or a conversation's bug in a tracker, and its state (by hand or by webhook). */
@Injectable()
export class IssuesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly issuesRepository: IssuesRepository,
    private readonly themes: ThemesRepository,
    private readonly fixReplies: FixRepliesService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async issues(): Promise<IssueLinkDto[]> {
    return (await this.issuesRepository.issues({ all: true })).map(toIssueDto);
  }

  async issue(id: string, tx?: Tx): Promise<IssueLinkDto> {
    const [row] = isUuid(id) ? await this.issuesRepository.issues({ id }, tx) : [];
    if (!row) throw new AppError('not_found', 'No such issue link.');
    return toIssueDto(row);
  }

  async createIssue(input: z.output<typeof createIssueRequestSchema>, actor: Person): Promise<IssueLinkDto> {
    const { tracker, externalId } = trackerOf(input.url);
    const id = await this.transactions.run(async (tx) => {
      const issueId = await this.issuesRepository.upsertIssue({ url: input.url, tracker, externalId, title: input.title ?? null, createdBy: actor.id }, tx);
      for (const themeId of await this.themes.liveThemeIds(input.themeIds, tx)) await this.issuesRepository.linkTheme(issueId, themeId, tx);
      for (const conversationId of input.conversationIds) await this.linkConversationIn(issueId, conversationId, tx);
      return issueId;
    });
    return this.issue(id);
  }

  private async linkConversationIn(issueId: string, conversationId: string, tx: Tx): Promise<void> {
    await this.issuesRepository.linkConversation(issueId, conversationId, tx);
    await this.live.publish({ type: 'conversation', conversationId }, tx);
  }

  async linkTheme(issueId: string, themeId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    const [live] = await this.themes.liveThemeIds([themeId]);
    if (!live) throw new AppError('not_found', 'No such theme.');
    await this.issuesRepository.linkTheme(issueId, live);
    return this.issue(issueId);
  }

  async linkConversation(issueId: string, conversationId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    await this.transactions.run((tx) => this.linkConversationIn(issueId, conversationId, tx));
    return this.issue(issueId);
  }

  async unlinkTheme(issueId: string, themeId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    if (!isUuid(themeId) || !(await this.issuesRepository.unlinkTheme(issueId, themeId))) throw new AppError('not_found', 'That theme is not linked to this issue.');
    return this.issue(issueId);
  }

  async unlinkConversation(issueId: string, conversationId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    await this.transactions.run(async (tx) => {
      if (!/^\d{1,18}$/.test(conversationId) || !(await this.issuesRepository.unlinkConversation(issueId, conversationId, tx))) {
        throw new AppError('not_found', 'That conversation is not linked to this issue.');
      }
      await this.live.publish({ type: 'conversation', conversationId }, tx);
    });
    return this.issue(issueId);
  }

  /** By hand: a person marks an issue open, fixed or won't fix, renames it, or says what was fixed. */
  async setIssueState(id: string, state: IssueStateDto, title: string | undefined, fixSummary?: string): Promise<IssueLinkDto> {
    const drafted = await this.transactions.run(async (tx) => {
      // The summary first: drafts made by this very change already use it.
      if (fixSummary !== undefined && isUuid(id)) await this.issuesRepository.setFixSummary(id, fixSummary, tx);
      const outcome = isUuid(id) ? await this.applyState(id, state, title, tx) : null;
      if (outcome === null) throw new AppError('not_found', 'No such issue link.');
      return outcome.drafted;
    });
    await this.fixReplies.autoSend(drafted);
    return this.issue(id);
  }

  /**
   * Sets an issue's state inside the caller's transaction; becoming fixed drafts the fix replies.
   * A tracker's change passes `trackerTime` (when the tracker says it happened, or null when its
   * payload has none): one older than the last applied change is refused (`stale`). Null when there
   * is no such issue. The caller auto-sends the drafts after committing.
   */
  async applyState(
    id: string,
    state: IssueStateDto,
    title: string | undefined,
    tx: Tx,
    source: { byTracker: false } | { byTracker: true; trackerTime: Date | null } = { byTracker: false },
  ): Promise<{ changed: boolean; stale: boolean; drafted: string[] } | null> {
    const outcome = await this.issuesRepository.setIssueState(id, { state, title, now: this.clock.now(), trackerTime: source.byTracker ? source.trackerTime : null, byTracker: source.byTracker }, tx);
    if (outcome === null) return null;
    if (!outcome.applied) return { changed: false, stale: true, drafted: [] };
    const drafted = outcome.previous !== 'fixed' && state === 'fixed' ? await this.fixReplies.draftFor(id, tx) : [];
    return { changed: outcome.previous !== state, stale: false, drafted };
  }
}
