import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { ConversationActionsService } from '../conversations/conversation-actions.service.js';
import type { ConversationDto } from '../conversations/conversations.types.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import type { AddressDto } from '../conversations/message.entity.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { normaliseMessageId } from '../mail/message-key.js';
import { replyFromName } from '../mail/from-name.js';
import { domainOf } from '../mail/reply-headers.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import type { Person } from '../people/person.entity.js';
import { forwardSubject, forwardText } from './forward-text.js';
import { megabytes } from './megabytes.js';
import type { ForwardRequest } from './outbound.contract.js';
import { OutboundRepository } from './outbound.repository.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { forwardSizeProblem } from './forward-size.js';
import { UndoSendService } from './undo-send.service.js';

const key = (address: string) => address.trim().toLowerCase();

/** Each address once (the first list naming it wins: To, then Cc, then Bcc), never the mailbox itself. */
export function distinctRecipients(lists: string[][], mailboxAddress: string): AddressDto[][] {
  const seen = new Set([key(mailboxAddress)]);
  return lists.map((list) =>
    list.flatMap((address) => {
      const k = key(address);
      if (!k || seen.has(k)) return [];
      seen.add(k);
      return [{ address: address.trim(), name: null }];
    }),
  );
}

/** Files uploaded in the composer, checked as a reply checks them (the person's own, within the total limit). */
export async function checkUploads(uploads: ReplyUploadRepository, ids: string[], personId: string, limit: number, tx: Tx): Promise<void> {
  if (ids.length === 0) return;
  const files = await uploads.measure(ids, personId, tx);
  if (files.count !== ids.length) throw new AppError('validation_failed', 'An attached file is no longer waiting to be sent (removed, or sent already). Attach it again.');
  if (files.size > limit) throw new AppError('validation_failed', `The attached files come to ${megabytes(files.size)}; one message may carry ${megabytes(limit)} at most.`);
}

/**
 * Forwards: one message or a whole conversation sent to anyone (a colleague, an accountant) with an
 * optional note above, the original attachments as they were received. Recorded in the conversation
 * as our forward (who, to whom, when), sent by the outbox like a reply, never threaded to the
 * customer and never counted as an answer (status and waiting time stay as they were).
 */
@Injectable()
export class ForwardsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbound: OutboundRepository,
    private readonly conversationActions: ConversationActionsService,
    private readonly conversations: ConversationsService,
    private readonly mailboxes: MailboxesService,
    private readonly uploads: ReplyUploadRepository,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly undoSend: UndoSendService,
  ) {}

  /** Stores the forward; it waits out its author's undo time like a reply (`sendAfter`), then the outbox sends it. */
  async forward(
    conversationId: string,
    input: ForwardRequest,
    author: Pick<Person, 'id' | 'name'> & { undoSendSeconds?: number | null },
  ): Promise<{ messageId: string; conversation: ConversationDto; sendAfter?: string }> {
    const now = this.clock.now();
    let sendAfter = null as Date | null;
    const messageId = await this.transactions.run(async (tx) => {
      const conversation = await this.conversationActions.lock(conversationId, tx);
      const messages = await this.outbound.forwardable(conversation.id, input.messageId ?? null, tx);
      if (messages.length === 0) {
        throw input.messageId
          ? new AppError('not_found', 'This conversation has no such email to forward (notes and activity are not forwarded).')
          : new AppError('conflict', 'This conversation has no email to forward yet.');
      }
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      const whole = !input.messageId;
      // The originals go with it: checked against the limits the composer's files have, before anything is stored.
      const files = attachmentIds.length > 0 ? await this.uploads.measure(attachmentIds, author.id, tx) : { count: 0, size: 0 };
      if (files.count !== attachmentIds.length) throw new AppError('validation_failed', 'An attached file is no longer waiting to be sent (removed, or sent already). Attach it again.');
      const originals = await this.outbound.originalAttachments(
        messages.map((message) => message.id),
        tx,
      );
      const tooLarge = forwardSizeProblem({ originals, uploadBytes: files.size, whole }, this.config.replyAttachmentLimits);
      if (tooLarge) throw new AppError('validation_failed', tooLarge);
      const mailbox = await this.mailboxes.outgoing(conversation.mailboxId);
      const [to = [], cc = []] = distinctRecipients([input.to, input.cc ?? []], mailbox.address);
      if (to.length === 0) throw new AppError('validation_failed', 'Name at least one recipient other than this mailbox.');
      const { text, noteEnd } = forwardText(
        input.note ?? '',
        messages.map((message) => ({
          from: message.fromAddress ? { address: message.fromAddress, name: message.fromName } : null,
          to: message.toAddresses,
          cc: message.ccAddresses,
          date: message.sentAt ?? message.receivedAt,
          subject: message.subject,
          text: message.text,
        })),
        whole ? { number: Number(conversation.id), subject: conversation.subject } : null,
      );
      // Not one of the conversation's thread ids (no token, no In-Reply-To): an answer from the recipient starts its own conversation.
      const header = `<wg-fwd.${randomBytes(16).toString('hex')}@${domainOf(mailbox.address)}>`;
      const id = await this.outbound.insertForward(
        {
          conversationId: conversation.id,
          mailboxId: conversation.mailboxId,
          authorId: author.id,
          text,
          noteEnd,
          subject: forwardSubject(whole ? conversation.subject : (messages[0]?.subject ?? conversation.subject)),
          messageIdHeader: header,
          messageKey: normaliseMessageId(header) ?? header,
          from: { address: mailbox.address, name: replyFromName(mailbox.fromName, author.name, mailbox.name) },
          to,
          cc,
          queuedAt: now,
          record: { type: 'forward', scope: whole ? 'conversation' : 'message', messageIds: messages.map((message) => message.id) },
        },
        tx,
      );
      await this.outbound.copyAttachments(
        id,
        messages.map((message) => message.id),
        tx,
      );
      const uploadAttachmentIds = attachmentIds.length > 0 ? await this.uploads.attachTo(id, attachmentIds, author.id, tx) : [];
      // Undo send: held for the author's undo time like a reply; undo gives the dialog its note, recipients and files back.
      sendAfter = await this.undoSend.holdForward(
        id,
        author,
        { text: input.note ?? '', to: to.map((entry) => entry.address), cc: cc.map((entry) => entry.address), bcc: [], forward: { messageId: input.messageId ?? null, uploadAttachmentIds } },
        now,
        tx,
      );
      await this.live.publish({ type: 'conversation', conversationId: conversation.id, mailboxId: conversation.mailboxId }, tx);
      await this.live.publish({ type: 'outbox' }, tx);
      return id;
    });
    return { messageId, conversation: await this.conversations.get(conversationId), ...(sendAfter ? { sendAfter: sendAfter.toISOString() } : {}) };
  }
}
