import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isBigintId } from '../common/ids.js';
import { OutboxRepository } from './outbox.repository.js';
import { ConversationActionsService } from '../conversations/conversation-actions.service.js';
import type { AfterReplyDto, ConversationDto, ReplyResultDto } from '../conversations/conversations.types.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import { normaliseMessageId } from '../mail/message-key.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import type { Person } from '../people/person.entity.js';
import { renderReplyHtml } from './light-format.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { chosenRecipients, defaultRecipients } from './recipients.js';
import { megabytes } from './megabytes.js';
import { CONFIG, type Config } from '../config/config.js';
import { replyThreading } from '../mail/reply-headers.js';
import { UndoSendService } from './undo-send.service.js';
import { replyFromName } from '../mail/from-name.js';

/** The signature separator mail clients recognise ("-- " on its own line). */
const SIGNATURE_SEPARATOR = '\n\n-- \n';

/**
 * Replies: stored as an outbound message and queued in one transaction (the outbox worker sends
 * them), refused with 409 when something arrived after the version the author saw.
 */
@Injectable()
export class RepliesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly conversationActions: ConversationActionsService,
    private readonly conversations: ConversationsService,
    private readonly mailboxes: MailboxesService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly uploads: ReplyUploadRepository,
    @Inject(CONFIG) private readonly config: Config,
    private readonly undoSend: UndoSendService,
  ) {}

  async reply(
    conversationId: string,
    input: { text: string; seenVersion: number; after?: AfterReplyDto | undefined; attachmentIds?: string[] | undefined; to?: string[] | undefined; cc?: string[] | undefined; bcc?: string[] | undefined },
    author: Pick<Person, 'id' | 'name' | 'signature'> & { undoSendSeconds?: number | null },
  ): Promise<ReplyResultDto> {
    const now = this.clock.now();
    let sendAfter: Date | undefined;
    const messageId = await this.transactions.run(async (tx) => {
      const conversation = await this.conversationActions.lock(conversationId, tx);
      if (conversation.version !== input.seenVersion) {
        const newMessageIds = await this.outbox.newestEntries(conversation.id, conversation.version - input.seenVersion, tx);
        throw new AppError(
          'conflict',
          `Not sent: ${newMessageIds.length === 1 ? 'a new message' : `${newMessageIds.length} new messages`} arrived since you opened this conversation. Read ${newMessageIds.length === 1 ? 'it' : 'them'}, then send again; your draft is kept.`,
          undefined,
          undefined,
          { currentVersion: conversation.version, newMessageIds },
        );
      }
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      if (attachmentIds.length > 0) {
        const files = await this.uploads.measure(attachmentIds, author.id, tx);
        if (files.count !== attachmentIds.length) throw new AppError('validation_failed', 'An attached file is no longer waiting to be sent (removed, or sent already). Attach it again.');
        const limit = this.config.replyAttachmentLimits.totalBytes;
        if (files.size > limit) throw new AppError('validation_failed', `The attached files come to ${megabytes(files.size)}; one reply may carry ${megabytes(limit)} at most.`);
      }
      const mailbox = await this.mailboxes.outgoing(conversation.mailboxId);
      const answered = await this.outbox.answeredMessage(conversation.id, tx);
      const defaults = defaultRecipients(answered, mailbox.address);
      if (!input.to && defaults.to.length === 0) throw new AppError('conflict', 'This conversation has no customer address to answer.');
      const known = answered ? [...answered.replyTo, ...answered.toAddresses, ...answered.ccAddresses, ...(answered.fromAddress ? [{ address: answered.fromAddress, name: answered.fromName }] : [])] : [];
      const recipients = chosenRecipients(input, defaults, known, mailbox.address);
      if (recipients.to.length === 0) throw new AppError('validation_failed', 'Name at least one recipient other than this mailbox.');
      const threading = replyThreading({
        threadToken: conversation.threadToken,
        unique: randomBytes(16).toString('hex'),
        mailboxAddress: mailbox.address,
        conversationSubject: conversation.subject,
        rootMessageId: await this.outbox.rootMessageId(conversation.id, tx),
        answered: answered ? { messageId: answered.messageIdHeader, references: answered.references } : null,
      });
      const signature = author.signature.trim();
      const text = signature ? `${input.text.trimEnd()}${SIGNATURE_SEPARATOR}${signature}` : input.text.trimEnd();
      // Undo send: held for the author's undo time before it enters the outbox (null: queued at once).
      const hold = await this.undoSend.hold(author, conversation, { text: input.text, ...recipients }, now, tx);
      sendAfter = hold?.sendAfter;
      const id = await this.outbox.insertReply(
        {
          conversationId: conversation.id,
          mailboxId: conversation.mailboxId,
          authorId: author.id,
          text,
          html: renderReplyHtml(text),
          subject: threading.subject,
          messageIdHeader: threading.messageId,
          messageKey: normaliseMessageId(threading.messageId) ?? threading.messageId,
          inReplyTo: threading.inReplyTo ? [threading.inReplyTo] : [],
          references: threading.references,
          // From name: "Ana at Acme Support", "Ana" or "Acme Support", as the mailbox says.
          from: { address: mailbox.address, name: replyFromName(mailbox.fromName, author.name, mailbox.name) },
          to: recipients.to,
          cc: recipients.cc,
          bcc: recipients.bcc,
          queuedAt: now,
          ...(hold ?? {}),
        },
        tx,
      );
      if (attachmentIds.length > 0) await this.uploads.attachTo(id, attachmentIds, author.id, tx);
      // Answered: the conversation waits for the customer (or stays open, or closes) as chosen.
      await this.conversationActions.settleAfterReply(conversation, input.after ?? mailbox.afterReply, author, tx);
      await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
      await this.live.publish({ type: 'outbox' }, tx);
      return id;
    });
    return { messageId, conversation: await this.conversations.get(conversationId), ...(sendAfter ? { sendAfter: sendAfter.toISOString() } : {}) };
  }

  /** Puts a failed reply back in the outbox (same Message-ID, so the customer's client dedupes). */
  async resend(messageId: string): Promise<ConversationDto> {
    const conversationId = await this.transactions.run(async (tx) => {
      const requeued = isBigintId(messageId) ? await this.outbox.requeue(messageId, this.clock.now(), tx) : null;
      if (!requeued) throw new AppError('not_found', 'No failed reply with this id.');
      await this.live.publish({ type: 'conversation', conversationId: requeued.conversationId }, tx);
      await this.live.publish({ type: 'outbox' }, tx);
      return requeued.conversationId;
    });
    return this.conversations.get(conversationId);
  }
}
