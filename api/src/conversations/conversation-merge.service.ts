import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import { ConversationActionsRepository } from './conversation-actions.repository.js';
import { ConversationMergeRepository } from './conversation-merge.repository.js';
import type { MergeResultDto, SplitResultDto } from './conversations.types.js';
import { previewOf } from './preview.js';

/** How long a merge can be undone. */
export const MERGE_UNDO_MS = 60_000;

/**
 * Merge two conversations of the same customer (the older absorbs the newer: both threads' messages
 * in arrival order, replies to either thread land in it) with undo for a minute; split one message
 * out into a conversation of its own. Audited; every open inbox is told.
 */
@Injectable()
export class ConversationMergeService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly merges: ConversationMergeRepository,
    private readonly actions: ConversationActionsRepository,
    private readonly audit: AuditService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async merge(id: string, otherId: string, actor: Person, ip: string | null): Promise<MergeResultDto> {
    if (!isBigintId(id) || !isBigintId(otherId)) throw new AppError('not_found', 'No such conversation.');
    if (id === otherId) throw new AppError('validation_failed', 'Pick another conversation: a conversation cannot be merged with itself.', { otherId: ['Same conversation'] });
    return this.transactions.run(async (tx) => {
      const parties = await this.merges.lockParties([id, otherId], tx);
      if (parties.length !== 2) throw new AppError('not_found', 'No such conversation.');
      const [older, newer] = parties as [(typeof parties)[0], (typeof parties)[0]];
      if (older.contactId !== newer.contactId) {
        throw new AppError('validation_failed', 'Only conversations of the same customer can be merged.', { otherId: ['Another customer'] });
      }
      const now = this.clock.now();
      const record = await this.merges.merge(older.id, newer.id, actor.id, now, tx);
      await this.actions.insertTimelineEntry(
        {
          conversationId: older.id,
          mailboxId: older.mailboxId,
          kind: 'activity',
          authorId: actor.id,
          text: `${actor.name} merged #${newer.id} “${newer.subject}” into this conversation.`,
          activity: { type: 'merged', number: Number(newer.id) },
          subject: older.subject,
        },
        now,
        tx,
      );
      await this.audit.record(
        { actorId: actor.id, action: 'conversation.merged', targetType: 'conversation', targetId: older.id, ip, details: { absorbed: newer.id, messages: record.messageIds.length, mergeId: record.id } },
        tx,
      );
      await this.live.publish({ type: 'conversation', conversationId: older.id, mailboxId: older.mailboxId }, tx);
      await this.live.publish({ type: 'conversation', conversationId: newer.id, mailboxId: newer.mailboxId }, tx);
      return { mergeId: record.id, conversationId: older.id, absorbedId: newer.id, undoUntil: new Date(new Date(record.mergedAt).getTime() + MERGE_UNDO_MS).toISOString() };
    });
  }

  async undoMerge(mergeId: string, actor: Person, ip: string | null): Promise<{ conversationId: string; restoredId: string }> {
    if (!isUuid(mergeId)) throw new AppError('not_found', 'No such merge.');
    return this.transactions.run(async (tx) => {
      const merge = await this.merges.lockMerge(mergeId, tx);
      if (!merge) throw new AppError('not_found', 'No such merge.');
      if (merge.undoneAt) throw new AppError('conflict', 'This merge was already undone.');
      if (this.clock.now().getTime() - new Date(merge.mergedAt).getTime() > MERGE_UNDO_MS) {
        throw new AppError('conflict', 'A merge can be undone for one minute; split messages out instead.');
      }
      await this.merges.lockParties([merge.intoId], tx);
      // The merge's own activity entry bumped nothing; anything else (a new message, a note) did.
      if (merge.currentVersion !== merge.intoVersion) {
        throw new AppError('conflict', 'The conversation changed since the merge (a new message or note); split messages out instead.');
      }
      await this.merges.undo(merge, tx);
      const mailboxId = String(merge.absorbed.mailbox_id);
      await this.audit.record({ actorId: actor.id, action: 'conversation.merge_undone', targetType: 'conversation', targetId: merge.intoId, ip, details: { restored: merge.absorbedId, mergeId } }, tx);
      await this.live.publish({ type: 'conversation', conversationId: merge.intoId, mailboxId: String(merge.intoBefore.mailbox_id) }, tx);
      await this.live.publish({ type: 'conversation', conversationId: merge.absorbedId, mailboxId }, tx);
      return { conversationId: merge.intoId, restoredId: merge.absorbedId };
    });
  }

  async split(messageId: string, actor: Person, ip: string | null): Promise<SplitResultDto> {
    if (!isBigintId(messageId)) throw new AppError('not_found', 'No such message.');
    return this.transactions.run(async (tx) => {
      const message = await this.merges.lockMessage(messageId, tx);
      if (!message) throw new AppError('not_found', 'No such message.');
      if (message.kind !== 'email' && message.kind !== 'auto_reply') {
        throw new AppError('validation_failed', 'Only an email can be split out; notes and activity stay with their conversation.', { messageId: ['Not an email'] });
      }
      const [from] = await this.merges.lockParties([message.conversationId], tx);
      if ((await this.merges.emailCount(message.conversationId, tx)) < 2) throw new AppError('validation_failed', 'This is the conversation’s only email: there is nothing to split it from.', { messageId: ['Only email'] });
      const preview = previewOf(message.text, { start: message.newTextStart, end: message.newTextEnd });
      const newId = await this.merges.split(messageId, message.conversationId, { text: preview.preview, truncated: preview.truncated }, randomBytes(12).toString('hex'), tx);
      const now = this.clock.now();
      for (const [conversationId, text] of [
        [message.conversationId, `${actor.name} split a message out into #${newId}.`],
        [newId, `${actor.name} split this message out of #${message.conversationId}.`],
      ] as const) {
        await this.actions.insertTimelineEntry(
          { conversationId, mailboxId: from!.mailboxId, kind: 'activity', authorId: actor.id, text, activity: { type: 'split', number: Number(newId), from: Number(message.conversationId) }, subject: from!.subject },
          now,
          tx,
        );
      }
      await this.audit.record({ actorId: actor.id, action: 'conversation.split', targetType: 'conversation', targetId: message.conversationId, ip, details: { messageId, into: newId } }, tx);
      await this.live.publish({ type: 'conversation', conversationId: message.conversationId, mailboxId: from!.mailboxId }, tx);
      await this.live.publish({ type: 'conversation', conversationId: newId, mailboxId: from!.mailboxId }, tx);
      return { conversationId: newId };
    });
  }
}
