import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Person } from '../people/person.entity.js';
import { ConversationActionsRepository, type LockedConversation } from './conversation-actions.repository.js';
import type { ActivityDto, ConversationDto, ConversationStatusDto, UpdateConversationRequestDto } from './conversations.types.js';
import { ConversationsService } from './conversations.service.js';
import { checkTransition } from './transitions.js';

const STATUS_WORDS: Record<ConversationStatusDto, string> = {
  open: 'reopened the conversation',
  pending: 'marked the conversation pending',
  snoozed: 'snoozed the conversation',
  closed: 'closed the conversation',
  spam: 'marked the conversation as spam',
  bulk: 'moved the conversation to Bulk',
};

/** How long a close can be taken back without a trace (the web's Undo offers 10 s of it). */
const WITHDRAW_CLOSE_WITHIN_MS = 60_000;

/** Status changes, assignment and internal notes; each change leaves an activity entry in the timeline. */
@Injectable()
export class ConversationActionsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly actions: ConversationActionsRepository,
    private readonly conversations: ConversationsService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** Locks the conversation for a change; 404 when there is none. */
  async lock(id: string, tx: Tx): Promise<LockedConversation> {
    const conversation = isBigintId(id) ? await this.actions.lock(id, tx) : null;
    if (!conversation) throw await this.conversations.notFound(id);
    return conversation;
  }

  async update(id: string, input: UpdateConversationRequestDto, actor: Person): Promise<ConversationDto> {
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      const conversation = await this.lock(id, tx);
      let status = conversation.status;
      let snoozedUntil = conversation.snoozedUntil;
      let assigneeId = conversation.assigneeId;
      const entries: { text: string; activity: ActivityDto }[] = [];
      let withdrewClose = false;

      if (input.status !== undefined) {
        const until = input.snoozedUntil ? new Date(input.snoozedUntil) : null;
        if (until && Number.isNaN(until.getTime())) throw new AppError('validation_failed', 'snoozedUntil is not a valid time.', { snoozedUntil: ['Use an ISO 8601 time'] });
        const check = checkTransition(conversation.status, input.status, until, now);
        if (!check.ok) throw new AppError(check.reason.includes('cannot become') ? 'conflict' : 'validation_failed', check.reason);
        // Reopened by the one who closed it, within moments and with nothing in between: the close is taken back, not followed by a reopen.
        const withdrawn =
          conversation.status === 'closed' &&
          (input.status === 'open' || input.status === 'pending') &&
          (await this.actions.withdrawClose(conversation.id, actor.id, input.status, new Date(now.getTime() - WITHDRAW_CLOSE_WITHIN_MS), tx));
        if (withdrawn) withdrewClose = true;
        else if (input.status !== conversation.status || input.status === 'snoozed') {
          entries.push({
            text: `${actor.name} ${STATUS_WORDS[input.status]}${until ? ` until ${until.toISOString()}` : ''}.`,
            activity: { type: 'status', from: conversation.status, to: input.status, snoozedUntil: until?.toISOString() ?? null },
          });
        }
        status = input.status;
        snoozedUntil = until;
      } else if (input.snoozedUntil !== undefined) {
        throw new AppError('validation_failed', 'Send snoozedUntil together with status "snoozed".');
      }

      if (input.assigneeId !== undefined && input.assigneeId !== conversation.assigneeId) {
        let toName: string | null = null;
        if (input.assigneeId !== null) {
          toName = isUuid(input.assigneeId) ? await this.actions.activePersonName(input.assigneeId, tx) : null;
          if (toName === null) throw new AppError('validation_failed', 'assigneeId must be an active person.', { assigneeId: ['No such active person'] });
        }
        const fromName = conversation.assigneeId ? await this.actions.activePersonName(conversation.assigneeId, tx) : null;
        entries.push({
          text: input.assigneeId === null ? `${actor.name} unassigned the conversation.` : input.assigneeId === actor.id ? `${actor.name} took the conversation.` : `${actor.name} assigned the conversation to ${toName}.`,
          activity: {
            type: 'assignee',
            from: conversation.assigneeId ? { id: conversation.assigneeId, name: fromName ?? '' } : null,
            to: input.assigneeId ? { id: input.assigneeId, name: toName ?? '' } : null,
          },
        });
        assigneeId = input.assigneeId;
      }

      if (entries.length === 0 && !withdrewClose) return;
      await this.actions.setState(conversation.id, { status, assigneeId, snoozedUntil }, tx);
      for (const entry of entries) {
        const activityId = await this.actions.insertTimelineEntry(
          { conversationId: conversation.id, mailboxId: conversation.mailboxId, kind: 'activity', authorId: actor.id, text: entry.text, activity: entry.activity, subject: conversation.subject },
          now,
          tx,
        );
        if (entry.activity.type === 'assignee' && entry.activity.to) {
          await this.notifications.assigned({ activityId, conversationId: conversation.id, subject: conversation.subject, assigneeId: entry.activity.to.id, actor }, tx);
        }
      }
      await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
    });
    return this.conversations.get(id);
  }

  /**
   * After a reply, inside its transaction: the conversation moves to `to` (pending by default:
   * answered, waiting for the customer) with an activity entry. A move the transition table does
   * not allow (a closed conversation cannot become pending) leaves the status as it is.
   */
  async settleAfterReply(conversation: LockedConversation, to: ConversationStatusDto, actor: Pick<Person, 'id' | 'name'>, tx: Tx): Promise<void> {
    const now = this.clock.now();
    if (conversation.status === to || !checkTransition(conversation.status, to, null, now).ok) return;
    await this.actions.setState(conversation.id, { status: to, assigneeId: conversation.assigneeId, snoozedUntil: null }, tx);
    await this.actions.insertTimelineEntry(
      {
        conversationId: conversation.id,
        mailboxId: conversation.mailboxId,
        kind: 'activity',
        authorId: actor.id,
        text: `${actor.name} replied and ${STATUS_WORDS[to]}.`,
        activity: { type: 'status', from: conversation.status, to, snoozedUntil: null },
        subject: conversation.subject,
      },
      now,
      tx,
    );
  }

  /** An internal note: shown to the team, never emailed. */
  async addNote(id: string, text: string, actor: Person): Promise<ConversationDto> {
    await this.transactions.run(async (tx) => {
      const conversation = await this.lock(id, tx);
      const noteId = await this.actions.insertTimelineEntry(
        { conversationId: conversation.id, mailboxId: conversation.mailboxId, kind: 'note', authorId: actor.id, text, activity: null, subject: conversation.subject },
        this.clock.now(),
        tx,
      );
      await this.notifications.noteAdded({ noteId, conversationId: conversation.id, subject: conversation.subject, text, actor }, tx);
      await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
    });
    return this.conversations.get(id);
  }

  /** Reopens snoozed conversations whose time has come. Safe with several processes (SKIP LOCKED). */
  async wakeSnoozed(): Promise<number> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const woken = await this.actions.wakeSnoozed(now, tx);
      for (const conversation of woken) {
        await this.actions.insertTimelineEntry(
          {
            conversationId: conversation.id,
            mailboxId: conversation.mailboxId,
            kind: 'activity',
            authorId: null,
            text: `The snooze ended (${conversation.snoozedUntil.toISOString()}); the conversation is open again.`,
            activity: { type: 'woke_up', snoozedUntil: conversation.snoozedUntil.toISOString() },
            subject: conversation.subject,
          },
          now,
          tx,
        );
        await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
      }
      return woken.length;
    });
  }
}
