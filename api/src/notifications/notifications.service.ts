import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { conversationUrl, inboundMailDrafts, type InboundConversation } from './notification-drafts.js';
import { findMentions } from './mentions.js';
import { type NotificationDraft, NotificationsRepository } from './notifications.repository.js';
import { NEW_MAIL_KINDS, NOTIFICATION_KINDS, type NotificationKind, type NotificationListDto, type NotificationPreferenceDto, type NotificationPreferencesDto } from './notifications.types.js';

const LIST_LIMIT = 50;

/**
 * The notification centre. Every event writes its notifications in the event's own transaction,
 * one per recipient (unique person + event key), never for the person who caused it, and tells the
 * recipient's open tabs through the live event stream (delivered when the transaction commits).
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly notifications: NotificationsRepository,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async notify(drafts: NotificationDraft[], tx: Tx): Promise<void> {
    const seen = new Set<string>();
    const kept = drafts.filter((draft) => {
      const key = `${draft.personId}|${draft.eventKey}`;
      if (draft.personId === draft.actorId || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const personId of await this.notifications.insert(kept, tx)) await this.live.publish({ type: 'notification', personId }, tx);
  }

  /** Customer mail stored by ingestion: new conversations and replies. */
  async inboundMail(
    input: { created: (InboundConversation & { onDutyId: string | null })[]; replies: (InboundConversation & { onDutyId: string | null })[] },
    tx: Tx,
  ): Promise<void> {
    if (input.created.length === 0 && input.replies.length === 0) return;
    const assignees = await this.notifications.assignees(
      input.replies.map((reply) => reply.conversationId),
      tx,
    );
    await this.notify(inboundMailDrafts({ created: input.created, replies: input.replies.map((reply) => ({ ...reply, assigneeId: assignees.get(reply.conversationId) ?? null })) }), tx);
  }

  /** A teammate assigned a conversation to someone (taking it yourself notifies nobody). */
  async assigned(input: { activityId: string; conversationId: string; subject: string; assigneeId: string; actor: { id: string; name: string } }, tx: Tx): Promise<void> {
    await this.notify(
      [
        {
          personId: input.assigneeId,
          kind: 'assigned',
          eventKey: `activity:${input.activityId}`,
          actorId: input.actor.id,
          conversationId: input.conversationId,
          title: `${input.actor.name} assigned you: ${input.subject || '(no subject)'}`,
          body: '',
          url: conversationUrl(input.conversationId),
        },
      ],
      tx,
    );
  }

  /** The people an internal note mentions with @name. */
  async noteAdded(input: { noteId: string; conversationId: string; subject: string; text: string; actor: { id: string; name: string } }, tx: Tx): Promise<void> {
    const mentioned = findMentions(input.text, await this.notifications.mentionable(tx));
    await this.notify(
      mentioned.map((personId) => ({
        personId,
        kind: 'mention' as const,
        eventKey: `note:${input.noteId}`,
        actorId: input.actor.id,
        conversationId: input.conversationId,
        title: `${input.actor.name} mentioned you: ${input.subject || '(no subject)'}`,
        body: input.text,
        url: conversationUrl(input.conversationId),
      })),
      tx,
    );
  }

  /** A swap request goes to everyone else in the rotation. */
  async swapAsked(input: { requestId: string; rotationId: string; date: string; role: string; reason: string; actor: { id: string; name: string } }, tx: Tx): Promise<void> {
    const members = await this.notifications.rotationMembers(input.rotationId, tx);
    await this.notify(
      members.map((personId) => ({
        personId,
        kind: 'swap_request' as const,
        eventKey: `swap-request:${input.requestId}`,
        actorId: input.actor.id,
        conversationId: null,
        title: `${input.actor.name} asks someone to take ${input.date} (${input.role})`,
        body: input.reason,
        url: '/rotation',
      })),
      tx,
    );
  }

  /** A swap request was taken: the requester hears, and so does the taker when an admin chose them. */
  async swapTaken(input: { requestId: string; requesterId: string; takerId: string; takerName: string; date: string; takenDate: string; actor: { id: string; name: string } }, tx: Tx): Promise<void> {
    const drafts: NotificationDraft[] = [
      {
        personId: input.requesterId,
        kind: 'swap_answer',
        eventKey: `swap-taken:${input.requestId}`,
        actorId: input.actor.id,
        conversationId: null,
        title: `${input.takerName} takes your ${input.date}; you take ${input.takenDate}`,
        body: '',
        url: '/rotation',
      },
    ];
    if (input.takerId !== input.actor.id) {
      drafts.push({
        personId: input.takerId,
        kind: 'swap_answer',
        eventKey: `swap-taken:${input.requestId}`,
        actorId: input.actor.id,
        conversationId: null,
        title: `${input.actor.name} gave you ${input.date} in a swap; your ${input.takenDate} goes the other way`,
        body: '',
        url: '/rotation',
      });
    }
    await this.notify(drafts, tx);
  }

  /** A handoff note addressed to a teammate: they hear (not its author). */
  async handoffNote(input: { noteId: string; rotationName: string; addresseeId: string; text: string; actor: { id: string; name: string } }, tx: Tx): Promise<void> {
    await this.notify(
      [
        {
          personId: input.addresseeId,
          kind: 'handoff_note',
          eventKey: `handoff-note:${input.noteId}`,
          actorId: input.actor.id,
          conversationId: null,
          title: `${input.actor.name} left you a handoff note (${input.rotationName})`,
          body: input.text,
          url: '/rotation',
        },
      ],
      tx,
    );
  }

  /** A reply the outbox gave up on: its author hears (the failure has no actor). */
  async replyFailed(messageId: string, failedAt: Date, tx: Tx): Promise<void> {
    const reply = await this.notifications.failedReply(messageId, tx);
    if (!reply?.authorId) return;
    const input = { ...reply, messageId, failedAt, authorId: reply.authorId };
    await this.notify(
      [
        {
          personId: input.authorId,
          kind: 'reply_failed',
          // A resent reply can fail again: each failure is its own event.
          eventKey: `reply-failed:${input.messageId}:${input.failedAt.toISOString()}`,
          actorId: null,
          conversationId: input.conversationId,
          title: `Your reply could not be sent: ${input.subject || '(no subject)'}`,
          body: input.error,
          url: conversationUrl(input.conversationId),
        },
      ],
      tx,
    );
  }

  async list(personId: string): Promise<NotificationListDto> {
    const [items, unread] = await Promise.all([this.notifications.list(personId, LIST_LIMIT), this.notifications.unreadCount(personId)]);
    return { items, unread };
  }

  async markRead(id: string, personId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!isUuid(id) || !(await this.notifications.markRead(id, personId, this.clock.now(), tx))) throw new AppError('not_found', 'No such notification.');
      await this.live.publish({ type: 'notification', personId }, tx);
    });
  }

  async preferences(personId: string): Promise<NotificationPreferencesDto> {
    const changed = new Map((await this.notifications.preferenceRows(personId)).map((row) => [row.kind, row]));
    return Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => {
        const row = changed.get(kind);
        return [kind, { inApp: row?.inApp ?? true, push: row?.push ?? true, email: row?.email ?? true, onlyOnDuty: row?.onlyOnDuty ?? false }];
      }),
    ) as NotificationPreferencesDto;
  }

  /** Changes only the kinds and channels sent; "only while on duty" exists for new-mail kinds alone. */
  async setPreferences(personId: string, changes: Partial<Record<NotificationKind, Partial<NotificationPreferenceDto>>>): Promise<NotificationPreferencesDto> {
    for (const [kind, change] of Object.entries(changes)) {
      if (change?.onlyOnDuty !== undefined && !(NEW_MAIL_KINDS as readonly string[]).includes(kind)) {
        throw new AppError('validation_failed', `"Only while I am on duty" applies to new mail only (${NEW_MAIL_KINDS.join(', ')}), not to ${kind}.`);
      }
    }
    const current = await this.preferences(personId);
    await this.transactions.run((tx) =>
      this.notifications.setPreferences(
        personId,
        Object.entries(changes).map(([kind, change]) => ({ ...current[kind as NotificationKind], ...change, kind: kind as NotificationKind })),
        tx,
      ),
    );
    return this.preferences(personId);
  }

  /** Turns one channel of one kind off (the one-click unsubscribe of a notification email). */
  async turnOff(personId: string, kind: NotificationKind, channel: 'email'): Promise<void> {
    await this.setPreferences(personId, { [kind]: { [channel]: false } });
  }

  async markAllRead(personId: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      if ((await this.notifications.markAllRead(personId, this.clock.now(), tx)) > 0) await this.live.publish({ type: 'notification', personId }, tx);
    });
  }
}
