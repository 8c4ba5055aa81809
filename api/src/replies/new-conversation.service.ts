import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isBigintId } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { normaliseMessageId, ourMessageId } from '../mail/message-key.js';
import { replyFromName } from '../mail/from-name.js';
import { domainOf, oneLine } from '../mail/reply-headers.js';
import { baseSubject } from '../mail/subject.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Person } from '../people/person.entity.js';
import type { AddressDto } from '../conversations/message.entity.js';
import { checkUploads, distinctRecipients } from './forwards.service.js';
import { HeldConversationRepository, type PreparedConversation } from './held-conversation.repository.js';
import { renderReplyHtml } from './light-format.js';
import type { NewConversationRequest, NewConversationResultDto, UndoneConversationDto } from './outbound.contract.js';
import { OutboundRepository } from './outbound.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { undoSeconds } from './undo-send.service.js';

/** The signature separator mail clients recognise ("-- " on its own line), as on replies. */
const SIGNATURE_SEPARATOR = '\n\n-- \n';
/** How long a held new conversation that could not be stored waits before it is tried again. */
const RELEASE_RETRY_MS = 60_000;

/**
 * A conversation we start: an email to a customer from a mailbox, assigned to its author, in the
 * status the mailbox gives a conversation after a reply (waiting for the customer by default). The
 * email goes through the outbox like a reply, with one of our Message-IDs (the conversation's
 * thread token in it), so the customer's answer threads into this conversation.
 *
 * Undo send: like a reply, it first waits out its author's undo time. Until then nothing of it is
 * in the inbox (no conversation in the list, counts or search): it waits, prepared, as a held
 * conversation with its number already taken; its author may take it back and gets the dialog's
 * words, recipients and files back. When the time has passed the outbox worker stores it (the
 * conversation and its queued email) and sends it.
 */
@Injectable()
export class NewConversationService {
  private readonly logger = new Logger(NewConversationService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbound: OutboundRepository,
    private readonly outbox: OutboxRepository,
    private readonly held: HeldConversationRepository,
    private readonly mailboxes: MailboxesService,
    private readonly uploads: ReplyUploadRepository,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly notifications: NotificationsService,
  ) {}

  async start(input: NewConversationRequest, author: Pick<Person, 'id' | 'name' | 'signature'> & { undoSendSeconds?: number | null }): Promise<NewConversationResultDto> {
    const now = this.clock.now();
    const mailbox = await this.mailboxes.outgoing(input.mailboxId);
    const [to = [], cc = [], bcc = []] = distinctRecipients([input.to, input.cc ?? [], input.bcc ?? []], mailbox.address);
    if (to.length === 0) throw new AppError('validation_failed', 'Name at least one recipient other than this mailbox.');
    const customer = to[0] as AddressDto;
    const subject = oneLine(input.subject);
    // Sends without a person's own setting in hand are never held (as for replies).
    const seconds = author.undoSendSeconds === undefined ? 0 : undoSeconds({ undoSendSeconds: author.undoSendSeconds }, this.config);
    return this.transactions.run(async (tx) => {
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      await checkUploads(this.uploads, attachmentIds, author.id, this.config.replyAttachmentLimits.totalBytes, tx);
      // Its number now, whether it is stored now or after the undo time.
      const conversationId = await this.held.nextConversationId(tx);
      const threadToken = randomBytes(12).toString('hex');
      const header = ourMessageId(threadToken, randomBytes(16).toString('hex'), domainOf(mailbox.address));
      const signature = author.signature.trim();
      const text = signature ? `${input.text.trimEnd()}${SIGNATURE_SEPARATOR}${signature}` : input.text.trimEnd();
      const prepared: PreparedConversation = {
        conversationId,
        mailboxId: input.mailboxId,
        authorId: author.id,
        contactEmail: customer.address.toLowerCase(),
        subject,
        baseSubject: baseSubject(subject),
        status: mailbox.afterReply,
        participants: [...to, ...cc].map((address) => address.address.toLowerCase()),
        threadToken,
        text,
        html: renderReplyHtml(text),
        messageIdHeader: header,
        from: { address: mailbox.address, name: replyFromName(mailbox.fromName, author.name, mailbox.name) },
        to,
        cc,
        bcc,
        attachmentIds,
        // What the dialog had, for an undo.
        dialog: { text: input.text, subject: input.subject, to: to.map((entry) => entry.address), cc: cc.map((entry) => entry.address), bcc: bcc.map((entry) => entry.address) },
      };
      if (seconds > 0) {
        const sendAfter = new Date(now.getTime() + seconds * 1000);
        await this.held.hold(prepared, sendAfter, tx);
        return { conversationId, sendAfter: sendAfter.toISOString(), sendsInMs: seconds * 1000 };
      }
      const messageId = await this.store(prepared, now, tx);
      await this.live.publish({ type: 'outbox' }, tx);
      return { conversationId, messageId };
    });
  }

  /** Takes a held new conversation back (only its author, only while held): nothing is stored or sent; the dialog's contents come back. */
  async undo(id: string, author: Pick<Person, 'id'>): Promise<UndoneConversationDto> {
    return this.transactions.run(async (tx) => {
      const held = isBigintId(id) ? await this.held.lock(id, tx) : null;
      if (!held) {
        if (isBigintId(id) && (await this.held.startedBy(id, author.id, tx))) throw new AppError('conflict', 'Too late to undo: the email has already gone to the outbox.');
        throw new AppError('not_found', 'No new conversation waiting to be sent with this number.');
      }
      if (held.authorId !== author.id) throw new AppError('forbidden', 'Only the person who started a conversation can undo it.');
      await this.held.remove(id, tx);
      const attachments = await this.held.uploads(held.draft.attachmentIds, author.id, tx);
      return { draft: { mailboxId: held.draft.mailboxId, ...held.draft.dialog, attachments } };
    });
  }

  /**
   * Held new conversations whose time has come are stored and queued (the outbox worker's step
   * before sending). Each in its own transaction: one that cannot be stored stays held, is tried
   * again a minute later and its author is told, and it never holds up the others (nor the replies
   * the outbox sends after this step).
   */
  async release(now: Date): Promise<number> {
    let released = 0;
    for (;;) {
      let taken: PreparedConversation | null = null;
      try {
        const stored = await this.transactions.run(async (tx) => {
          taken = await this.held.takeNextDue(now, tx);
          if (!taken) return false;
          await this.store(taken, now, tx);
          return true;
        });
        if (!stored) return released;
        released += 1;
      } catch (error) {
        if (!taken) throw error;
        await this.putOff(taken, now, error);
      }
    }
  }

  private async putOff(prepared: PreparedConversation, now: Date, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const retryAt = new Date(now.getTime() + RELEASE_RETRY_MS);
    this.logger.error(`New conversation #${prepared.conversationId} could not be stored (${reason}); trying again at ${retryAt.toISOString()}`);
    await this.transactions.run(async (tx) => {
      if (!(await this.held.putOff(prepared.conversationId, retryAt, tx))) return;
      await this.notifications.notify(
        [
          {
            personId: prepared.authorId,
            kind: 'reply_failed',
            // Once per conversation, however many times it is tried again.
            eventKey: `held-conversation-failed:${prepared.conversationId}`,
            actorId: null,
            conversationId: null,
            title: `Your new conversation has not gone out yet: ${prepared.subject || '(no subject)'}`,
            body: `To ${prepared.to.map((address) => address.address).join(', ')}. It could not be stored (${reason}); Wholegrain tries again every minute.`,
            url: '/inbox',
          },
        ],
        tx,
      );
    });
  }

  /** The conversation and its queued email, as prepared; its files move from the uploads onto the email. */
  private async store(prepared: PreparedConversation, now: Date, tx: Tx): Promise<string> {
    await this.outbound.upsertContact(prepared.contactEmail, null, tx);
    await this.outbound.insertConversation(
      {
        id: prepared.conversationId,
        mailboxId: prepared.mailboxId,
        contactEmail: prepared.contactEmail,
        contactName: null,
        subject: prepared.subject,
        baseSubject: prepared.baseSubject,
        status: prepared.status,
        participants: prepared.participants,
        threadToken: prepared.threadToken,
        assigneeId: prepared.authorId,
        now,
      },
      tx,
    );
    const messageId = await this.outbox.insertReply(
      {
        conversationId: prepared.conversationId,
        mailboxId: prepared.mailboxId,
        authorId: prepared.authorId,
        text: prepared.text,
        html: prepared.html,
        subject: prepared.subject,
        messageIdHeader: prepared.messageIdHeader,
        messageKey: normaliseMessageId(prepared.messageIdHeader) ?? prepared.messageIdHeader,
        inReplyTo: [],
        references: [],
        from: prepared.from,
        to: prepared.to,
        cc: prepared.cc,
        bcc: prepared.bcc,
        queuedAt: now,
      },
      tx,
    );
    if (prepared.attachmentIds.length > 0) await this.uploads.attachTo(messageId, prepared.attachmentIds, prepared.authorId, tx);
    await this.live.publish({ type: 'conversation', conversationId: prepared.conversationId, mailboxId: prepared.mailboxId }, tx);
    return messageId;
  }
}
