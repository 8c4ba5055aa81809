import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import { normaliseMessageId, ourMessageId } from '../mail/message-key.js';
import { replyFromName } from '../mail/from-name.js';
import { domainOf, oneLine } from '../mail/reply-headers.js';
import { baseSubject } from '../mail/subject.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import type { Person } from '../people/person.entity.js';
import type { AddressDto } from '../conversations/message.entity.js';
import { checkUploads, distinctRecipients } from './forwards.service.js';
import { renderReplyHtml } from './light-format.js';
import type { NewConversationRequest, NewConversationResultDto } from './outbound.contract.js';
import { OutboundRepository } from './outbound.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';

/** The signature separator mail clients recognise ("-- " on its own line), as on replies. */
const SIGNATURE_SEPARATOR = '\n\n-- \n';

/**
 * A conversation we start: an email to a customer from a mailbox, assigned to its author, in the
 * status the mailbox gives a conversation after a reply (waiting for the customer by default). The
 * email goes through the outbox like a reply, with one of our Message-IDs (the conversation's
 * thread token in it), so the customer's answer threads into this conversation.
 */
@Injectable()
export class NewConversationService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbound: OutboundRepository,
    private readonly outbox: OutboxRepository,
    private readonly mailboxes: MailboxesService,
    private readonly uploads: ReplyUploadRepository,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async start(input: NewConversationRequest, author: Pick<Person, 'id' | 'name' | 'signature'>): Promise<NewConversationResultDto> {
    const now = this.clock.now();
    const mailbox = await this.mailboxes.outgoing(input.mailboxId);
    const [to = [], cc = [], bcc = []] = distinctRecipients([input.to, input.cc ?? [], input.bcc ?? []], mailbox.address);
    if (to.length === 0) throw new AppError('validation_failed', 'Name at least one recipient other than this mailbox.');
    const customer = to[0] as AddressDto;
    const subject = oneLine(input.subject);
    return this.transactions.run(async (tx) => {
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      await checkUploads(this.uploads, attachmentIds, author.id, this.config.replyAttachmentLimits.totalBytes, tx);
      const contactEmail = customer.address.toLowerCase();
      await this.outbound.upsertContact(contactEmail, null, tx);
      const threadToken = randomBytes(12).toString('hex');
      const conversationId = await this.outbound.insertConversation(
        {
          mailboxId: input.mailboxId,
          contactEmail,
          contactName: null,
          subject,
          baseSubject: baseSubject(subject),
          status: mailbox.afterReply,
          participants: [...to, ...cc].map((address) => address.address.toLowerCase()),
          threadToken,
          assigneeId: author.id,
          now,
        },
        tx,
      );
      const header = ourMessageId(threadToken, randomBytes(16).toString('hex'), domainOf(mailbox.address));
      const signature = author.signature.trim();
      const text = signature ? `${input.text.trimEnd()}${SIGNATURE_SEPARATOR}${signature}` : input.text.trimEnd();
      const messageId = await this.outbox.insertReply(
        {
          conversationId,
          mailboxId: input.mailboxId,
          authorId: author.id,
          text,
          html: renderReplyHtml(text),
          subject,
          messageIdHeader: header,
          messageKey: normaliseMessageId(header) ?? header,
          inReplyTo: [],
          references: [],
          from: { address: mailbox.address, name: replyFromName(mailbox.fromName, author.name, mailbox.name) },
          to,
          cc,
          bcc,
          queuedAt: now,
        },
        tx,
      );
      if (attachmentIds.length > 0) await this.uploads.attachTo(messageId, attachmentIds, author.id, tx);
      await this.live.publish({ type: 'conversation', conversationId, mailboxId: input.mailboxId }, tx);
      await this.live.publish({ type: 'outbox' }, tx);
      return { conversationId, messageId };
    });
  }
}
