import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import type { Tx } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import { RepliesService } from '../replies/replies.service.js';
import { type FeedbackSettingsDto, type FixReplyDto, type MemberActionsDto, TRACKERS } from './feedback.types.js';
import { FixRepliesRepository, type FixReplyFilter, type FixReplyRow, type FixReplyStatus } from './fix-replies.repository.js';
import { fixReplyText } from './fix-reply-text.js';
import { IssuesRepository } from './issues.repository.js';
import { MemberActions } from './member-actions.js';

const AUTO_SEND_KEY = 'feedback.autoSendFixReplies';
const PUBLIC_TRACKERS_KEY = 'feedback.publicTrackers';

function toFixReplyDto(row: FixReplyRow): FixReplyDto {
  return {
    id: row.id,
    status: row.status,
    text: row.text,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
    issue: { id: row.issueId, url: row.issueUrl, title: row.issueTitle },
    conversation: { id: row.conversationId, number: Number(row.conversationId), subject: row.subject, contact: { email: row.contactEmail, name: row.contactName } },
    quote: row.quoteId ? { id: row.quoteId, text: row.quoteText ?? '' } : null,
  };
}

/**
 * "Fixed — tell them": when an issue is fixed, one draft per conversation to tell, quoting the
 * customer's own words; sent through the normal reply path, by a person unless an admin turned on
 * automatic sending.
 */
@Injectable()
export class FixRepliesService {
  private readonly logger = new Logger(FixRepliesService.name);

  constructor(
    private readonly fixReplies: FixRepliesRepository,
    private readonly issues: IssuesRepository,
    private readonly replies: RepliesService,
    private readonly memberActions: MemberActions,
    private readonly audit: AuditService,
  ) {}

  /** A fix shipped: one draft per conversation to tell, in its own thread, quoting the customer's own words. */
  async draftFor(issueId: string, tx: Tx): Promise<string[]> {
    const [issue] = await this.issues.issues({ id: issueId }, tx);
    if (!issue) return [];
    // An internal tracker's URL never reaches a customer: only trackers an admin marked public are linked.
    const publicTrackers = (await this.settings()).publicTrackers;
    const drafted: string[] = [];
    for (const target of await this.issues.conversationsToTell(issueId, tx)) {
      const text = fixReplyText({
        contactName: target.contactName,
        quote: target.quoteText,
        firstWords: target.first ? target.first.text.slice(target.first.start, target.first.end) : null,
        issue: { summary: issue.fixSummary ?? issue.title, url: publicTrackers.includes(issue.tracker) ? issue.url : null },
      });
      const draftId = await this.fixReplies.insertFixReply({ issueId, conversationId: target.conversationId, quoteId: target.quoteId, text }, tx);
      if (draftId) drafted.push(draftId);
    }
    return drafted;
  }

  /** After the drafting transaction commits: sends the drafts when an admin turned automatic sending on. */
  async autoSend(draftIds: string[]): Promise<void> {
    if (draftIds.length === 0 || !(await this.settings()).autoSendFixReplies) return;
    for (const id of draftIds) {
      try {
        await this.send(id, null);
      } catch (error) {
        this.logger.warn(`Automatic fix reply ${id} was not sent: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async list(status: FixReplyStatus | undefined): Promise<FixReplyDto[]> {
    const filter: FixReplyFilter = status ? { status } : { all: true };
    return (await this.fixReplies.fixReplies(filter)).map(toFixReplyDto);
  }

  private async get(id: string): Promise<FixReplyDto> {
    const [row] = await this.fixReplies.fixReplies({ id });
    if (!row) throw new AppError('not_found', 'No such draft.');
    return toFixReplyDto(row);
  }

  /**
   * Sends a draft through the normal reply path (threading headers, outbox, retries). `actor` null is
   * the automatic sending an admin turned on: the reply is then signed by whoever linked the issue.
   */
  async send(id: string, actor: Person | null): Promise<FixReplyDto> {
    if (actor) await this.memberActions.require(actor, 'sendFixReplies');
    if (!isUuid(id)) throw new AppError('not_found', 'No such draft.');
    const claimed = await this.fixReplies.claimFixReply(id, actor?.id ?? null);
    if (!claimed) throw new AppError('conflict', 'This draft was already sent or discarded.');
    try {
      const version = await this.fixReplies.conversationVersion(claimed.conversationId);
      const linker = actor ? null : await this.fixReplies.issueLinkerOf(id);
      if (!actor && !linker) throw new AppError('conflict', 'Whoever linked this issue is no longer active; send the draft by hand.');
      const author = actor ?? linker!;
      const result = await this.replies.reply(claimed.conversationId, { text: claimed.text, seenVersion: version ?? 0 }, author);
      await this.fixReplies.setFixReplyMessage(id, result.messageId);
    } catch (error) {
      await this.fixReplies.unclaimFixReply(id);
      throw error;
    }
    return this.get(id);
  }

  async sendAll(actor: Person): Promise<{ sent: number; failed: number }> {
    await this.memberActions.require(actor, 'sendFixReplies');
    let sent = 0;
    let failed = 0;
    for (const draft of await this.list('draft')) {
      try {
        await this.send(draft.id, actor);
        sent += 1;
      } catch {
        failed += 1;
      }
    }
    return { sent, failed };
  }

  async update(id: string, changes: { text?: string; status?: 'discarded' }): Promise<FixReplyDto> {
    if (!isUuid(id) || !(await this.fixReplies.updateFixReply(id, changes))) throw new AppError('conflict', 'Only a draft can be edited or discarded.');
    return this.get(id);
  }

  async settings(): Promise<FeedbackSettingsDto> {
    const [autoSend, publicTrackers, memberActions] = await Promise.all([
      this.fixReplies.setting(AUTO_SEND_KEY),
      this.fixReplies.setting(PUBLIC_TRACKERS_KEY),
      this.memberActions.current(),
    ]);
    return {
      autoSendFixReplies: autoSend === true,
      publicTrackers: Array.isArray(publicTrackers) ? TRACKERS.filter((tracker) => publicTrackers.includes(tracker)) : [],
      memberActions,
    };
  }

  async putSettings(input: Partial<Omit<FeedbackSettingsDto, 'memberActions'>> & { memberActions?: Partial<MemberActionsDto> | undefined }, actor: Person, ip: string | null): Promise<FeedbackSettingsDto> {
    if (input.autoSendFixReplies !== undefined) await this.fixReplies.putSetting(AUTO_SEND_KEY, input.autoSendFixReplies, actor.id);
    if (input.publicTrackers !== undefined) await this.fixReplies.putSetting(PUBLIC_TRACKERS_KEY, [...new Set(input.publicTrackers)], actor.id);
    if (input.memberActions !== undefined) {
      const { before, after } = await this.memberActions.put(input.memberActions, actor);
      await this.audit.record({ actorId: actor.id, action: 'settings.member_actions_updated', targetType: 'settings', targetId: 'feedback.memberActions', ip, details: { before, after } });
    }
    return this.settings();
  }
}
