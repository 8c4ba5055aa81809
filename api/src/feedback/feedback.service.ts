import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { DutyService } from '../duty/duty.service.js';
import { SecretBox } from '../mailboxes/secret-box.js';
import type { Person } from '../people/person.entity.js';
import { RepliesService } from '../replies/replies.service.js';
import type { createIssueRequestSchema, createThemeRequestSchema, updateThemeRequestSchema } from './feedback.contract.js';
import type {
  ConversationFeedbackDto,
  FeedbackSettingsDto,
  FixReplyDto,
  IssueLinkDto,
  IssueStateDto,
  QuoteDto,
  ThemeDto,
  ThemeSuggestionDto,
  ThemeSummaryDto,
  TrackerDto,
  WebhookSecretDto,
} from './feedback.types.js';
import { FeedbackRepository, type IssueRow, type QuoteRow } from './feedback.repository.js';
import { companyOf, FREE_MAIL_DOMAINS, fixReplyText } from './fix-reply-text.js';
import { quoteSpan } from './quote-span.js';
import { deliveryId, interpretDelivery, signatureProblem, trackerOf, type WebhookTracker } from './webhooks.js';

const AUTO_SEND_KEY = 'feedback.autoSendFixReplies';

function toQuoteDto(row: QuoteRow): QuoteDto {
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
    pinnedBy: row.pinnedById ? { id: row.pinnedById, name: row.pinnedByName ?? '' } : null,
    pinnedAt: row.pinnedAt.toISOString(),
    outsideNewText: row.outsideNewText,
    customer: { email: row.customerEmail, name: row.customerName },
    company: companyOf(row.customerEmail),
    messageDate: new Date(row.messageDate).toISOString(),
    themes: row.themes,
  };
}

function toIssueDto(row: IssueRow): IssueLinkDto {
  return {
    id: row.id,
    tracker: row.tracker as TrackerDto,
    url: row.url,
    externalId: row.externalId,
    title: row.title,
    state: row.state as IssueStateDto,
    fixedAt: row.fixedAt?.toISOString() ?? null,
    themes: row.themes,
    conversations: row.conversations.map((conversation) => ({ ...conversation, id: String(conversation.id), number: Number(conversation.number) })),
  };
}

function toFixReplyDto(row: Record<string, any>): FixReplyDto {
  return {
    id: row.id,
    status: row.status,
    text: row.text,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt ? new Date(row.sentAt).toISOString() : null,
    issue: { id: row.issueId, url: row.issueUrl, title: row.issueTitle },
    conversation: { id: row.conversationId, number: Number(row.conversationId), subject: row.subject, contact: { email: row.contactEmail, name: row.contactName } },
    quote: row.quoteId ? { id: row.quoteId, text: row.quoteText } : null,
  };
}

function toSummary(row: Record<string, any>): ThemeSummaryDto {
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

/** The sentence around `index`: from the previous sentence end (or line break) to the next. */
function sentenceAround(text: string, from: number, to: number, index: number, length: number): { start: number; end: number } {
  let start = index;
  while (start > from && !/[.!?\n]/.test(text[start - 1] ?? '')) start -= 1;
  let end = index + length;
  while (end < to && !/[.!?\n]/.test(text[end] ?? '')) end += 1;
  if (end < to && /[.!?]/.test(text[end] ?? '')) end += 1;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return { start, end };
}

/**
 * Quotes, themes, issue links and closing the loop. Quote text always comes from the stored
 * message at the given offsets: there is no way to send wording of one's own.
 */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly feedback: FeedbackRepository,
    private readonly duty: DutyService,
    private readonly replies: RepliesService,
    private readonly secrets: SecretBox,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  // Quotes

  async pin(input: { messageId: string; start: number; end: number; themeIds?: string[] | undefined }, actor: Person): Promise<QuoteDto> {
    const id = await this.transactions.run(async (tx) => {
      const message = await this.feedback.messageForQuote(input.messageId, tx);
      if (!message) throw new AppError('not_found', 'No such message.');
      if (message.direction !== 'in' || message.kind !== 'email') throw new AppError('validation_failed', 'Only a customer’s own words can be pinned (not our replies, notes, auto-replies or bounces).');
      const span = quoteSpan(message.text, input.start, input.end);
      if (!span.ok) throw new AppError('validation_failed', span.reason, { start: [span.reason] });
      const quoteId = await this.feedback.insertQuote(
        {
          messageId: input.messageId,
          conversationId: message.conversationId,
          start: input.start,
          end: input.end,
          text: span.text,
          prefix: span.prefix,
          suffix: span.suffix,
          dutyDate: await this.duty.dutyDateFor(message.mailboxId, message.receivedAt),
          pinnedBy: actor.id,
        },
        tx,
      );
      for (const themeId of await this.feedback.liveThemeIds(input.themeIds ?? [], tx)) await this.feedback.tag(quoteId, themeId, actor.id, tx);
      await this.live.publish({ type: 'conversation', conversationId: message.conversationId }, tx);
      return quoteId;
    });
    return this.quote(id);
  }

  async quote(id: string): Promise<QuoteDto> {
    const [row] = isUuid(id) ? await this.feedback.quotes('q.id = $1', [id]) : [];
    if (!row) throw new AppError('not_found', 'No such quote (or it was retracted).');
    return toQuoteDto(row);
  }

  async retract(id: string, actor: Person): Promise<void> {
    await this.transactions.run(async (tx) => {
      const retracted = isUuid(id) ? await this.feedback.retractQuote(id, actor.id, tx) : null;
      if (!retracted) throw new AppError('not_found', 'No such quote (or it was already retracted).');
      await this.live.publish({ type: 'conversation', conversationId: retracted.conversationId }, tx);
    });
  }

  async tag(quoteId: string, themeId: string, actor: Person): Promise<QuoteDto> {
    await this.quote(quoteId);
    const [live] = await this.feedback.liveThemeIds([themeId]);
    if (!live) throw new AppError('not_found', 'No such theme.');
    await this.feedback.tag(quoteId, live, actor.id);
    return this.quote(quoteId);
  }

  async untag(quoteId: string, themeId: string): Promise<QuoteDto> {
    await this.quote(quoteId);
    if (isUuid(themeId)) await this.feedback.untag(quoteId, themeId);
    return this.quote(quoteId);
  }

  // Themes

  async themes(): Promise<ThemeSummaryDto[]> {
    return (await this.feedback.themeSummaries(FREE_MAIL_DOMAINS)).map(toSummary);
  }

  async createTheme(input: z.output<typeof createThemeRequestSchema>, actor: Person): Promise<ThemeDto> {
    if (input.phrases.length && actor.access !== 'admin') throw new AppError('forbidden', 'Only admins give themes suggestion phrases.');
    try {
      return await this.theme(await this.feedback.insertTheme({ ...input, createdBy: actor.id }));
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppError('conflict', `A theme called “${input.name}” exists already.`);
      throw error;
    }
  }

  async updateTheme(id: string, input: z.output<typeof updateThemeRequestSchema>, actor: Person): Promise<ThemeDto> {
    const theme = isUuid(id) ? await this.feedback.theme(id) : null;
    if (!theme || theme.mergedInto) throw new AppError('not_found', 'No such theme.');
    if (input.phrases !== undefined && actor.access !== 'admin') throw new AppError('forbidden', 'Only admins give themes suggestion phrases.');
    try {
      await this.feedback.updateTheme(id, input);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new AppError('conflict', `A theme called “${input.name}” exists already.`);
      throw error;
    }
    return this.theme(id);
  }

  async mergeTheme(id: string, intoId: string): Promise<ThemeDto> {
    if (id === intoId) throw new AppError('validation_failed', 'A theme cannot be merged into itself.');
    await this.transactions.run(async (tx) => {
      const [from, into] = [isUuid(id) ? await this.feedback.theme(id, tx) : null, isUuid(intoId) ? await this.feedback.theme(intoId, tx) : null];
      if (!from || from.mergedInto || !into || into.mergedInto) throw new AppError('not_found', 'Both themes must exist (and not be merged already).');
      await this.feedback.mergeTheme(id, intoId, tx);
    });
    return this.theme(intoId);
  }

  async theme(id: string): Promise<ThemeDto> {
    const [row] = isUuid(id) ? await this.feedback.themeSummaries(FREE_MAIL_DOMAINS, id) : [];
    if (!row) throw new AppError('not_found', 'No such theme.');
    const since = new Date(this.clock.now().getTime() - 12 * 7 * 86_400_000);
    const [quotes, counts, issues] = await Promise.all([
      this.feedback.quotes('EXISTS (SELECT 1 FROM quote_theme x WHERE x.quote_id = q.id AND x.theme_id = $1)', [id]),
      this.feedback.weekly(id, since),
      this.feedback.issues('EXISTS (SELECT 1 FROM issue_link_theme x WHERE x.issue_link_id = i.id AND x.theme_id = $1)', [id]),
    ]);
    // Every week of the last twelve, empty ones included, so a trend reads at a glance.
    const byWeek = new Map(counts.map((entry) => [entry.week, entry.quotes]));
    const monday = new Date(this.clock.now());
    monday.setUTCHours(0, 0, 0, 0);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const weekly = Array.from({ length: 12 }, (_, index) => {
      const week = new Date(monday.getTime() - (11 - index) * 7 * 86_400_000).toISOString().slice(0, 10);
      return { week, quotes: byWeek.get(week) ?? 0 };
    });
    return { ...toSummary(row), quoteList: quotes.map(toQuoteDto), weekly, issues: issues.map(toIssueDto) };
  }

  // Issues

  async issues(): Promise<IssueLinkDto[]> {
    return (await this.feedback.issues('true', [])).map(toIssueDto);
  }

  async issue(id: string, tx?: Tx): Promise<IssueLinkDto> {
    const [row] = isUuid(id) ? await this.feedback.issues('i.id = $1', [id], tx) : [];
    if (!row) throw new AppError('not_found', 'No such issue link.');
    return toIssueDto(row);
  }

  async createIssue(input: z.output<typeof createIssueRequestSchema>, actor: Person): Promise<IssueLinkDto> {
    const { tracker, externalId } = trackerOf(input.url);
    const id = await this.transactions.run(async (tx) => {
      const issueId = await this.feedback.upsertIssue({ url: input.url, tracker, externalId, title: input.title ?? null, createdBy: actor.id }, tx);
      for (const themeId of await this.feedback.liveThemeIds(input.themeIds, tx)) await this.feedback.linkIssueTheme(issueId, themeId, tx);
      for (const conversationId of input.conversationIds) await this.linkConversationIn(issueId, conversationId, tx);
      return issueId;
    });
    return this.issue(id);
  }

  private async linkConversationIn(issueId: string, conversationId: string, tx: Tx): Promise<void> {
    try {
      await this.feedback.linkIssueConversation(issueId, conversationId, tx);
    } catch (error) {
      if ((error as { code?: string }).code === '23503') throw new AppError('not_found', `No conversation #${conversationId}.`);
      throw error;
    }
    await this.live.publish({ type: 'conversation', conversationId }, tx);
  }

  async linkTheme(issueId: string, themeId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    const [live] = await this.feedback.liveThemeIds([themeId]);
    if (!live) throw new AppError('not_found', 'No such theme.');
    await this.feedback.linkIssueTheme(issueId, live);
    return this.issue(issueId);
  }

  async linkConversation(issueId: string, conversationId: string): Promise<IssueLinkDto> {
    await this.issue(issueId);
    await this.transactions.run((tx) => this.linkConversationIn(issueId, conversationId, tx));
    return this.issue(issueId);
  }

  /** By hand: a person marks an issue open, fixed or won't fix. */
  async setIssueState(id: string, state: IssueStateDto, title: string | undefined): Promise<IssueLinkDto> {
    const drafted = await this.transactions.run(async (tx) => {
      const previous = isUuid(id) ? await this.feedback.setIssueState(id, state, title, this.clock.now(), tx) : null;
      if (previous === null) throw new AppError('not_found', 'No such issue link.');
      return previous !== 'fixed' && state === 'fixed' ? this.draftFixReplies(id, tx) : [];
    });
    await this.autoSend(drafted);
    return this.issue(id);
  }

  /** A fix shipped: one draft per conversation to tell, in its own thread, quoting the customer's own words. */
  private async draftFixReplies(issueId: string, tx: Tx): Promise<string[]> {
    const issue = await this.issue(issueId, tx);
    const drafted: string[] = [];
    for (const target of await this.feedback.conversationsToTell(issueId, tx)) {
      const text = fixReplyText({
        contactName: target.contactName,
        quote: target.quoteText,
        firstWords: target.first ? target.first.text.slice(target.first.start, target.first.end) : null,
        issue: { title: issue.title, url: issue.url },
      });
      const draftId = await this.feedback.insertFixReply({ issueId, conversationId: target.conversationId, quoteId: target.quoteId, text }, tx);
      if (draftId) drafted.push(draftId);
    }
    return drafted;
  }

  private async autoSend(draftIds: string[]): Promise<void> {
    if (draftIds.length === 0 || !(await this.settings()).autoSendFixReplies) return;
    for (const id of draftIds) {
      try {
        await this.sendFixReply(id, null);
      } catch (error) {
        this.logger.warn(`Automatic fix reply ${id} was not sent: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  // Fix replies ("Fixed — tell them")

  async fixReplies(status: string | undefined): Promise<FixReplyDto[]> {
    const rows = status ? await this.feedback.fixReplies('f.status = $1', [status]) : await this.feedback.fixReplies('true', []);
    return rows.map(toFixReplyDto);
  }

  private async fixReply(id: string): Promise<FixReplyDto> {
    const [row] = await this.feedback.fixReplies('f.id = $1', [id]);
    if (!row) throw new AppError('not_found', 'No such draft.');
    return toFixReplyDto(row);
  }


  /**
   * Sends a draft through the normal reply path (threading headers, outbox, retries). `actor` null is
   * the automatic sending an admin turned on: the reply is then signed by whoever linked the issue.
   */
  async sendFixReply(id: string, actor: Person | null): Promise<FixReplyDto> {
    if (!isUuid(id)) throw new AppError('not_found', 'No such draft.');
    const claimed = await this.feedback.claimFixReply(id, actor?.id ?? null);
    if (!claimed) throw new AppError('conflict', 'This draft was already sent or discarded.');
    try {
      const version = await this.feedback.conversationVersion(claimed.conversationId);
      const linker = actor ? null : await this.feedback.issueLinkerOf(id);
      if (!actor && !linker) throw new AppError('conflict', 'Whoever linked this issue is no longer active; send the draft by hand.');
      const author = actor ?? linker!;
      const result = await this.replies.reply(claimed.conversationId, { text: claimed.text, seenVersion: version ?? 0 }, author);
      await this.feedback.setFixReplyMessage(id, result.messageId);
    } catch (error) {
      await this.feedback.unclaimFixReply(id);
      throw error;
    }
    return this.fixReply(id);
  }

  async sendAllFixReplies(actor: Person): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const draft of await this.fixReplies('draft')) {
      try {
        await this.sendFixReply(draft.id, actor);
        sent += 1;
      } catch {
        failed += 1;
      }
    }
    return { sent, failed };
  }

  async updateFixReply(id: string, changes: { text?: string; status?: 'discarded' }): Promise<FixReplyDto> {
    if (!isUuid(id) || !(await this.feedback.updateFixReply(id, changes))) throw new AppError('conflict', 'Only a draft can be edited or discarded.');
    return this.fixReply(id);
  }

  async settings(): Promise<FeedbackSettingsDto> {
    return { autoSendFixReplies: (await this.feedback.setting<boolean>(AUTO_SEND_KEY)) === true };
  }

  async putSettings(input: FeedbackSettingsDto, actor: Person): Promise<FeedbackSettingsDto> {
    await this.feedback.putSetting(AUTO_SEND_KEY, input.autoSendFixReplies, actor.id);
    return this.settings();
  }

  // The inbox's side panel

  async forConversation(conversationId: string): Promise<ConversationFeedbackDto> {
    if (!isBigintId(conversationId)) throw new AppError('not_found', 'No such conversation.');
    const [quotes, issues, phrased, messages] = await Promise.all([
      this.feedback.quotes('q.conversation_id = $1', [conversationId]),
      this.feedback.issues(
        `EXISTS (SELECT 1 FROM issue_link_conversation x WHERE x.issue_link_id = i.id AND x.conversation_id = $1)
         OR EXISTS (SELECT 1 FROM issue_link_theme it JOIN quote_theme qt ON qt.theme_id = it.theme_id JOIN quote q ON q.id = qt.quote_id AND q.retracted_at IS NULL
                    WHERE it.issue_link_id = i.id AND q.conversation_id = $1)`,
        [conversationId],
      ),
      this.feedback.themesWithPhrases(),
      this.feedback.customerMessages(conversationId),
    ]);
    const themes = new Map(quotes.flatMap((quote) => quote.themes).map((theme) => [theme.id, theme]));
    const suggestions: ThemeSuggestionDto[] = [];
    for (const theme of phrased) {
      if (themes.has(theme.id)) continue;
      found: for (const message of messages) {
        const words = message.text.slice(message.newTextStart, message.newTextEnd).toLowerCase();
        for (const phrase of theme.phrases) {
          const at = words.indexOf(phrase.toLowerCase());
          if (at === -1) continue;
          const span = sentenceAround(message.text, message.newTextStart, message.newTextEnd, message.newTextStart + at, phrase.length);
          suggestions.push({ theme: { id: theme.id, name: theme.name }, phrase, messageId: message.id, ...span, text: message.text.slice(span.start, span.end) });
          break found;
        }
      }
    }
    return { quotes: quotes.map(toQuoteDto), themes: [...themes.values()], issues: issues.map(toIssueDto), suggestions };
  }

  // Webhooks

  async createWebhookSecret(tracker: WebhookTracker): Promise<WebhookSecretDto> {
    const secret = randomBytes(24).toString('base64url');
    await this.feedback.setWebhookSecret(tracker, this.secrets.seal(secret, `webhook:${tracker}`));
    const base = this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`;
    return { tracker, secret, url: `${base.replace(/\/$/, '')}/api/webhooks/${tracker}` };
  }

  /** A tracker's delivery: verified, deduplicated, applied. Bad or missing signatures change nothing. */
  async receiveWebhook(tracker: WebhookTracker, headers: Record<string, string | undefined>, rawBody: Buffer | undefined): Promise<{ status: 'applied' | 'ignored' | 'duplicate'; changed: number }> {
    const sealed = await this.feedback.webhookSecret(tracker);
    if (!sealed) throw new AppError('unauthenticated', `No ${tracker} webhook secret is set up in Wholegrain.`);
    if (!rawBody) throw new AppError('validation_failed', 'Send the delivery as application/json.');
    const problem = signatureProblem(tracker, this.secrets.open(sealed, `webhook:${tracker}`), headers, rawBody, this.clock.now());
    if (problem) throw new AppError('unauthenticated', problem);
    let payload: Record<string, any>;
    try {
      payload = JSON.parse(rawBody.toString('utf8')) as Record<string, any>;
    } catch {
      throw new AppError('validation_failed', 'The delivery is not JSON.');
    }
    const delivery = deliveryId(tracker, headers, payload);
    if (!delivery) throw new AppError('validation_failed', 'The delivery has no id, so a replay could not be recognised.');
    const event = tracker === 'github' ? headers['x-github-event'] : tracker === 'gitlab' ? headers['x-gitlab-event'] : undefined;
    const outcome = await this.transactions.run(async (tx) => {
      if (!(await this.feedback.recordDelivery(tracker, delivery, tx))) return { status: 'duplicate' as const, changed: 0, drafted: [] as string[] };
      const change = interpretDelivery(tracker, event, payload);
      if (!change) return { status: 'ignored' as const, changed: 0, drafted: [] as string[] };
      const drafted: string[] = [];
      let changed = 0;
      for (const issueId of await this.feedback.issueIdsByUrl(change.urls, tx)) {
        const previous = await this.feedback.setIssueState(issueId, change.state, undefined, this.clock.now(), tx);
        if (previous !== change.state) changed += 1;
        if (previous !== 'fixed' && change.state === 'fixed') drafted.push(...(await this.draftFixReplies(issueId, tx)));
      }
      return { status: 'applied' as const, changed, drafted };
    });
    await this.autoSend(outcome.drafted);
    return { status: outcome.status, changed: outcome.changed };
  }
}
