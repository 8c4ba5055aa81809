import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isBigintId } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import type { LockedConversation } from '../conversations/conversation-actions.repository.js';
import { ConversationActionsService } from '../conversations/conversation-actions.service.js';
import type { UndoneReplyDto } from '../conversations/conversations.types.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import type { AddressDto } from '../conversations/message.entity.js';
import type { Person } from '../people/person.entity.js';
import { type HeldForwardDraft, type HeldReplyDraft, isForwardDraft, UndoSendRepository } from './undo-send.repository.js';

/** How long a person's replies wait before they enter the outbox: their own choice, else the instance default. */
export function undoSeconds(author: Pick<Person, 'undoSendSeconds'>, config: Pick<Config, 'undoSendSeconds'>): number {
  return author.undoSendSeconds ?? config.undoSendSeconds;
}

/**
 * Undo send: a reply waits its author's undo time (stored `held`, not sent, its send-after time in
 * `next_send_at`) before the outbox worker releases it; until then its author may take it back and
 * gets the composer's words, recipients and files back.
 */
@Injectable()
export class UndoSendService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly repository: UndoSendRepository,
    private readonly conversationActions: ConversationActionsService,
    private readonly conversations: ConversationsService,
    private readonly live: LiveEvents,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * For a reply being stored now: until when it is held and what undo needs, or null (sent at once).
   * Sends without a person's own setting in hand (automatic ones) are never held.
   */
  async hold(
    author: { undoSendSeconds?: number | null },
    conversation: LockedConversation,
    composer: { text: string; to: AddressDto[]; cc: AddressDto[]; bcc: AddressDto[] },
    now: Date,
    tx: Tx,
  ): Promise<{ sendAfter: Date; heldDraft: HeldReplyDraft } | null> {
    if (author.undoSendSeconds === undefined) return null;
    const seconds = undoSeconds({ undoSendSeconds: author.undoSendSeconds }, this.config);
    if (seconds <= 0) return null;
    const before = await this.repository.before(conversation.id, tx);
    return {
      sendAfter: new Date(now.getTime() + seconds * 1000),
      heldDraft: {
        text: composer.text,
        to: composer.to.map((to) => to.address),
        cc: composer.cc.map((cc) => cc.address),
        bcc: composer.bcc.map((bcc) => bcc.address),
        before: { status: conversation.status, snoozedUntil: conversation.snoozedUntil?.toISOString() ?? null, ...before },
      },
    };
  }

  /**
   * Holds a forward just stored (queued in this transaction) like a reply, with what undo gives back
   * to the forward dialog. Returns until when, or null when its author sends at once.
   */
  async holdForward(forwardId: string, author: { undoSendSeconds?: number | null }, draft: HeldForwardDraft, now: Date, tx: Tx): Promise<Date | null> {
    if (author.undoSendSeconds === undefined) return null;
    const seconds = undoSeconds({ undoSendSeconds: author.undoSendSeconds }, this.config);
    if (seconds <= 0) return null;
    const sendAfter = new Date(now.getTime() + seconds * 1000);
    await this.repository.holdForward(forwardId, sendAfter, draft, tx);
    return sendAfter;
  }

  /** Takes a held reply or forward back (only its author, only while held): it is never sent, and the draft comes back. */
  async undo(messageId: string, author: Pick<Person, 'id'>): Promise<UndoneReplyDto> {
    const result = await this.transactions.run(async (tx) => {
      const reply = isBigintId(messageId) ? await this.repository.find(messageId, tx) : null;
      if (!reply) throw new AppError('not_found', 'No reply with this id.');
      const what = reply.kind === 'forward' ? 'forward' : 'reply';
      if (reply.authorId !== author.id) throw new AppError('forbidden', `Only the person who wrote a ${what} can undo it.`);
      // The conversation first (the order every reply takes), then the reply, if it is still held.
      const conversation = await this.conversationActions.lock(reply.conversationId, tx);
      const held = await this.repository.lockHeld(messageId, author.id, tx);
      if (!held) throw new AppError('conflict', `Too late to undo: the ${what} has already gone to the outbox.`);
      const draft = held.draft;
      if (isForwardDraft(draft)) {
        // The person's own files go back to the dialog; the originals' copies go with the forward.
        const attachments = await this.repository.returnAttachments(messageId, author.id, tx, draft.forward.uploadAttachmentIds);
        await this.repository.removeForward({ id: messageId, conversationId: conversation.id }, tx);
        await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
        return { conversationId: conversation.id, draft: { text: draft.text, to: draft.to, cc: draft.cc, bcc: draft.bcc, attachments, forward: { messageId: draft.forward.messageId } } };
      }
      const attachments = await this.repository.returnAttachments(messageId, author.id, tx);
      const setByReply = conversation.status !== draft.before.status;
      await this.repository.remove({ id: messageId, conversationId: conversation.id, authorId: author.id, draft }, { now: conversation.status, setByReply }, tx);
      await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
      return { conversationId: conversation.id, draft: { text: draft.text, to: draft.to, cc: draft.cc, bcc: draft.bcc, attachments } };
    });
    return { draft: result.draft, conversation: await this.conversations.get(result.conversationId) };
  }

  /** Releases the held replies whose time has come into the outbox (the worker's first step on every run). */
  async release(now: Date): Promise<number> {
    return this.transactions.run(async (tx) => {
      const released = await this.repository.release(now, tx);
      for (const conversation of new Map(released.map((row) => [row.conversationId, row])).values()) {
        await this.live.publish({ type: 'conversation', conversationId: conversation.conversationId, mailboxId: conversation.mailboxId }, tx);
      }
      return released.length;
    });
  }
}
