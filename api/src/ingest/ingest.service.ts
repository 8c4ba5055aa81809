import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import type { ConversationStatus } from '../conversations/conversation.entity.js';
import { previewOf } from '../conversations/preview.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { classifyInbound } from './classify.js';
import { messageKey, normaliseMessageId, threadTokenIn } from './message-key.js';
import { findNewText } from './new-text.js';
import { type ParsedEmail, parseEmail } from './parse-email.js';
import type { RawMessage } from './raw-message.entity.js';
import { RawMessageRepository } from './raw-message.repository.js';
import { baseSubject } from './subject.js';
import { chooseThread } from './threading.js';

export interface ProcessCounts {
  processed: number;
  duplicates: number;
  quarantined: number;
}

type Outcome = { state: 'processed'; conversationId: string; created: boolean } | { state: 'duplicate'; reason: string } | { state: 'quarantined'; reason: string };

class Quarantine extends Error {}
/** Another process stored the same message between our check and our insert: undo ours. */
class StoredConcurrently extends Error {}

/**
 * Turns stored raw mail into contacts, conversations, messages and attachments, one message per
 * transaction, idempotently. A message that fails is quarantined with its reason and the next one
 * goes on: one bad mail never blocks a mailbox.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly rawMessages: RawMessageRepository,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Processes pending raw messages (of one mailbox, or all) until none is left or the limit is hit. */
  async processPending(
    mailbox: { id: string; address?: string } | null,
    limit = Number.POSITIVE_INFINITY,
    onProgress?: (counts: ProcessCounts) => void,
    onlyRawId?: string,
  ): Promise<ProcessCounts> {
    const counts: ProcessCounts = { processed: 0, duplicates: 0, quarantined: 0 };
    for (let handled = 0; handled < limit; handled += 1) {
      let claimedId: string | null = null;
      let outcome: Outcome | null;
      try {
        outcome = await this.transactions.run(async (tx) => {
          const raw = await this.rawMessages.claimNextPending(mailbox?.id ?? null, tx, onlyRawId);
          if (!raw) return null;
          claimedId = raw.id;
          const mailboxAddress = mailbox?.address ?? (await this.mailboxAddress(raw.mailboxId, tx));
          const result = await this.processOne(raw, mailboxAddress, tx);
          await this.rawMessages.markOutcome(raw.id, { state: result.state, reason: result.state === 'processed' ? null : result.reason }, tx);
          return result;
        });
      } catch (error) {
        if (claimedId === null) throw error;
        if (error instanceof StoredConcurrently) {
          await this.rawMessages.markOutcome(claimedId, { state: 'duplicate', reason: error.message });
          counts.duplicates += 1;
          continue;
        }
        // The transaction rolled back: quarantine this one message in its own write, then go on.
        const reason = error instanceof Quarantine ? error.message : `Processing failed: ${error instanceof Error ? error.message : String(error)}`;
        if (!(error instanceof Quarantine)) this.logger.error(`Raw message ${claimedId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        await this.rawMessages.markOutcome(claimedId, { state: 'quarantined', reason });
        outcome = { state: 'quarantined', reason };
      }
      if (!outcome) break;
      if (outcome.state === 'processed') counts.processed += 1;
      else if (outcome.state === 'duplicate') counts.duplicates += 1;
      else counts.quarantined += 1;
      onProgress?.(counts);
    }
    return counts;
  }

  private async mailboxAddress(mailboxId: string, tx: Tx): Promise<string> {
    const [row] = await tx.query('SELECT address FROM mailbox WHERE id = $1', [mailboxId]);
    return (row as { address: string } | undefined)?.address ?? '';
  }

  /**
   * An admin's "force into a new conversation" for a quarantined message: no size limit and no
   * threading. It still needs a parsable message with a sender; otherwise it stays quarantined.
   */
  async forceIntoNewConversation(rawId: string): Promise<{ conversationId: string }> {
    return this.transactions.run(async (tx) => {
      const raw = await this.rawMessages.lockQuarantined(rawId, tx);
      if (!raw) throw new AppError('not_found', 'No such quarantined message.');
      let outcome: Outcome;
      try {
        outcome = await this.processOne(raw, await this.mailboxAddress(raw.mailboxId, tx), tx, { forceNew: true });
      } catch (error) {
        throw new AppError('conflict', error instanceof Error ? error.message : String(error));
      }
      if (outcome.state !== 'processed') throw new AppError('conflict', outcome.reason);
      await this.rawMessages.markOutcome(raw.id, { state: 'processed', reason: null }, tx);
      return { conversationId: outcome.conversationId };
    });
  }

  private async processOne(raw: RawMessage, mailboxAddress: string, tx: Tx, options: { forceNew?: boolean } = {}): Promise<Outcome> {
    if (raw.size > this.config.maxMessageBytes && !options.forceNew) {
      throw new Quarantine(`The message is ${(raw.size / 1048576).toFixed(1)} MB, over the ${this.config.maxMessageBytes / 1048576} MB limit for processing. The raw message is kept.`);
    }
    let parsed: ParsedEmail;
    try {
      parsed = await parseEmail(raw.bytes);
    } catch (error) {
      throw new Quarantine(`The message could not be parsed as MIME: ${error instanceof Error ? error.message : String(error)}`);
    }
    if ([parsed.text, parsed.html ?? '', parsed.subject].some((value) => value.includes('\u0000'))) {
      throw new Quarantine('The message contains NUL characters, which PostgreSQL cannot store as text. The raw message is kept byte for byte.');
    }
    const sender = parsed.from ?? parsed.replyTo[0] ?? null;
    if (!sender) throw new Quarantine('The message has no sender address (no usable From or Reply-To), so there is nobody to answer.');
    const senderAddress = sender.address.toLowerCase();
    const kind = classifyInbound({ headers: parsed.headers, contentType: parsed.contentType, from: parsed.from });

    const key = messageKey(parsed.messageId, raw.sha256);
    const contentHash = createHash('sha256')
      .update(
        [senderAddress, parsed.date?.toISOString() ?? '', parsed.subject, parsed.text, parsed.html ?? '', ...parsed.attachments.map((attachment) => attachment.sha256.toString('hex'))].join('\u0000'),
      )
      .digest('hex');
    const sameKey = await this.conversations.messagesWithKey(raw.mailboxId, key, tx);
    const duplicate = sameKey.find((message) => message.contentHash === contentHash);
    if (duplicate) return { state: 'duplicate', reason: `Already stored as message ${duplicate.id}.` };

    const now = this.clock.now();
    const inReplyToKeys = parsed.inReplyTo.map(normaliseMessageId).filter((id): id is string => id !== null);
    const referenceKeys = parsed.references.map(normaliseMessageId).filter((id): id is string => id !== null);
    const reportedKeys = parsed.reportedMessageIds.map(normaliseMessageId).filter((id): id is string => id !== null);
    const token = threadTokenIn([...parsed.references, ...parsed.inReplyTo]);
    const subjectBase = baseSubject(parsed.subject);
    const decision = options.forceNew
      ? ({ conversationId: null, rule: 'forced_new' } as const)
      : chooseThread({
      sender: senderAddress,
      kind,
      now,
      byToken: token ? await this.conversations.candidateByToken(raw.mailboxId, token, tx) : null,
      byInReplyTo: await this.conversations.candidateByMessageKeys(raw.mailboxId, inReplyToKeys, tx),
      byReferences: await this.conversations.candidateByMessageKeys(raw.mailboxId, [...referenceKeys].reverse(), tx),
      byReportedMessageId: kind === 'bounce' ? await this.conversations.candidateByMessageKeys(raw.mailboxId, reportedKeys, tx) : null,
          bySubject: await this.conversations.candidatesBySubject(raw.mailboxId, subjectBase, tx),
        });

    const receivedAt = raw.internalDate ?? now;
    const ownAddress = mailboxAddress.toLowerCase();
    const participants = [...new Set([senderAddress, ...[...parsed.to, ...parsed.cc].map((entry) => entry.address.toLowerCase())])].filter(
      (address) => address !== ownAddress,
    );
    const fromCustomer = kind === 'email';

    let conversationId = decision.conversationId;
    const created = conversationId === null;
    if (conversationId === null) {
      const contact = await this.conversations.upsertContact(senderAddress, sender.name, tx);
      // An auto-reply or bounce that matches nothing is kept, but does not ask anyone for an answer.
      const status: ConversationStatus = fromCustomer ? 'open' : 'closed';
      const conversation = await this.conversations.insertConversation(
        {
          mailboxId: raw.mailboxId,
          contactId: contact.id,
          subject: parsed.subject,
          baseSubject: subjectBase,
          status,
          assigneeId: null,
          snoozedUntil: null,
          waitingSince: fromCustomer ? receivedAt : null,
          lastMessageAt: receivedAt,
          messageCount: 1,
          participants,
          threadToken: randomBytes(12).toString('hex'),
          version: 1,
          preview: '',
          previewTruncated: false,
          previewMessageId: null,
        },
        tx,
      );
      conversationId = conversation.id;
    } else {
      if (fromCustomer) await this.conversations.upsertContact(senderAddress, sender.name, tx);
      await this.conversations.touchForMessage(
        conversationId,
        { at: receivedAt, participants, reopen: fromCustomer, customerWaitingSince: fromCustomer ? receivedAt : null },
        tx,
      );
    }

    const span = findNewText(parsed.text);
    const messageId = await this.conversations.insertMessage(
      {
        conversationId,
        mailboxId: raw.mailboxId,
        rawMessageId: raw.id,
        direction: 'in',
        kind,
        messageIdHeader: parsed.messageId,
        messageKey: key,
        contentHash,
        messageIdReused: sameKey.length > 0,
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        fromAddress: senderAddress,
        fromName: sender.name,
        replyTo: parsed.replyTo,
        toAddresses: parsed.to,
        ccAddresses: parsed.cc,
        subject: parsed.subject,
        sentAt: parsed.date,
        receivedAt,
        text: parsed.text,
        html: parsed.html,
        newTextStart: span.start,
        newTextEnd: span.end,
        threadRule: decision.rule,
        decodingIssues: parsed.decodingIssues,
      },
      tx,
    );
    if (messageId === null) throw new StoredConcurrently('Already stored by another process.');
    await this.conversations.insertAttachments(
      messageId,
      parsed.attachments.map((attachment) => ({
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        sha256: attachment.sha256,
        contentId: attachment.contentId,
        disposition: attachment.disposition,
        bytes: attachment.content,
      })),
      tx,
    );
    if (fromCustomer) {
      const { preview, truncated } = previewOf(parsed.text, span);
      await this.conversations.setPreview(conversationId, { text: preview, truncated, messageId }, tx);
    }
    return { state: 'processed', conversationId, created };
  }
}
