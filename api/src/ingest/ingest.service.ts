import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { ConversationRepository } from '../conversations/conversation.repository.js';
import { previewOf } from '../conversations/preview.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { DutyService } from '../duty/duty.service.js';
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

/** Messages processed per transaction. */
const BATCH_SIZE = 100;

type Outcome = { state: 'processed'; conversationId: string; created: boolean } | { state: 'duplicate'; reason: string } | { state: 'quarantined'; reason: string };

class Quarantine extends Error {}
type ParseResult = { ok: true; parsed: ParsedEmail } | { ok: false; reason: string };
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
    private readonly duty: DutyService,
  ) {}

  /** Who gets a new conversation: the person on duty for its mailbox now (cached a minute per mailbox). */
  private readonly dutyCache = new Map<string, Promise<string | null>>();
  private personOnDuty(mailboxId: string, now: Date): Promise<string | null> {
    const key = `${mailboxId}|${Math.floor(now.getTime() / 60_000)}`;
    let cached = this.dutyCache.get(key);
    if (!cached) {
      if (this.dutyCache.size > 1000) this.dutyCache.clear();
      cached = this.duty.personOnDutyFor(mailboxId, now);
      this.dutyCache.set(key, cached);
      cached.catch(() => this.dutyCache.delete(key));
    }
    return cached;
  }

  /**
   * Processes pending raw messages (of one mailbox, or all) until none is left or the limit is hit.
   * Messages go in batches, one transaction each; if a batch fails as a whole, its messages are
   * redone one transaction each, so the one bad message is quarantined and the others flow.
   */
  async processPending(
    mailbox: { id: string; address?: string } | null,
    limit = Number.POSITIVE_INFINITY,
    onProgress?: (counts: ProcessCounts) => void,
    onlyRawId?: string,
  ): Promise<ProcessCounts> {
    const counts: ProcessCounts = { processed: 0, duplicates: 0, quarantined: 0 };
    const tally = (outcome: Outcome) => {
      if (outcome.state === 'processed') counts.processed += 1;
      else if (outcome.state === 'duplicate') counts.duplicates += 1;
      else counts.quarantined += 1;
    };
    let handled = 0;
    while (handled < limit) {
      const size = onlyRawId ? 1 : Math.min(BATCH_SIZE, limit - handled);
      let outcomes: Outcome[] | null;
      try {
        outcomes = await this.processBatch(mailbox, size, onlyRawId);
      } catch (error) {
        this.logger.warn(`A batch of ${size} failed as a whole (${error instanceof Error ? error.message : String(error)}); processing it message by message`);
        outcomes = [];
        for (let index = 0; index < size; index += 1) {
          const outcome = await this.processSingle(mailbox, onlyRawId);
          if (!outcome) break;
          outcomes.push(outcome);
        }
      }
      if (!outcomes || outcomes.length === 0) break;
      for (const outcome of outcomes) tally(outcome);
      handled += outcomes.length;
      onProgress?.(counts);
    }
    return counts;
  }

  /** One transaction for up to `size` messages; throws (rolling back all of them) on any unexpected error. */
  private processBatch(mailbox: { id: string; address?: string } | null, size: number, onlyRawId?: string): Promise<Outcome[] | null> {
    return this.transactions.run(async (tx) => {
      const raws = await this.rawMessages.claimPending(mailbox?.id ?? null, size, tx, onlyRawId);
      if (raws.length === 0) return null;
      const addresses = new Map<string, string>();
      const outcomes: { raw: RawMessage; outcome: Outcome }[] = [];
      // Parsing is CPU work in this process, writing is work in PostgreSQL: parse the next message
      // while the database writes this one.
      const parses = new Map<RawMessage, Promise<ParseResult>>();
      const startParse = (raw: RawMessage | undefined) => {
        if (raw && !parses.has(raw)) parses.set(raw, this.parse(raw));
      };
      for (const [index, raw] of raws.entries()) {
        startParse(raw);
        startParse(raws[index + 1]);
        const address = mailbox?.address ?? addresses.get(raw.mailboxId) ?? (await this.mailboxAddress(raw.mailboxId, tx));
        addresses.set(raw.mailboxId, address);
        let outcome: Outcome;
        try {
          outcome = await this.processOne(raw, address, tx, { parsed: parses.get(raw) });
        } catch (error) {
          // A Quarantine is decided before any write, so the batch can go on; anything else cannot.
          if (!(error instanceof Quarantine)) throw error;
          outcome = { state: 'quarantined', reason: error.message };
        }
        outcomes.push({ raw, outcome });
      }
      await this.rawMessages.markOutcomes(
        outcomes.map(({ raw, outcome }) => ({ id: raw.id, state: outcome.state, reason: outcome.state === 'processed' ? null : outcome.reason })),
        tx,
      );
      return outcomes.map(({ outcome }) => outcome);
    });
  }

  /** One message in its own transaction; a failure quarantines just this message. */
  private async processSingle(mailbox: { id: string; address?: string } | null, onlyRawId?: string): Promise<Outcome | null> {
    let claimedId: string | null = null;
    try {
      return await this.transactions.run(async (tx) => {
        const [raw] = await this.rawMessages.claimPending(mailbox?.id ?? null, 1, tx, onlyRawId);
        if (!raw) return null;
        claimedId = raw.id;
        const result = await this.processOne(raw, mailbox?.address ?? (await this.mailboxAddress(raw.mailboxId, tx)), tx);
        await this.rawMessages.markOutcomes([{ id: raw.id, state: result.state, reason: result.state === 'processed' ? null : result.reason }], tx);
        return result;
      });
    } catch (error) {
      if (claimedId === null) throw error;
      if (error instanceof StoredConcurrently) {
        await this.rawMessages.markOutcomes([{ id: claimedId, state: 'duplicate', reason: error.message }]);
        return { state: 'duplicate', reason: error.message };
      }
      // The transaction rolled back: quarantine this one message in its own write.
      const reason = error instanceof Quarantine ? error.message : `Processing failed: ${error instanceof Error ? error.message : String(error)}`;
      if (!(error instanceof Quarantine)) this.logger.error(`Raw message ${claimedId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await this.rawMessages.markOutcomes([{ id: claimedId, state: 'quarantined', reason }]);
      return { state: 'quarantined', reason };
    }
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
      await this.rawMessages.markOutcomes([{ id: raw.id, state: 'processed', reason: null }], tx);
      return { conversationId: outcome.conversationId };
    });
  }

  /**
   * Parses a raw message; never rejects (a failure is returned, to become a quarantine reason).
   * Over-size mail is left alone unless an admin forces it in.
   */
  private async parse(raw: RawMessage, ignoreSizeLimit = false): Promise<ParseResult> {
    if (!ignoreSizeLimit && raw.size > this.config.maxMessageBytes) return { ok: false, reason: 'over the size limit' };
    try {
      return { ok: true, parsed: await parseEmail(raw.bytes) };
    } catch (error) {
      return { ok: false, reason: `The message could not be parsed as MIME: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async processOne(raw: RawMessage, mailboxAddress: string, tx: Tx, options: { forceNew?: boolean; parsed?: Promise<ParseResult> | undefined } = {}): Promise<Outcome> {
    const overSize = raw.size > this.config.maxMessageBytes;
    if (overSize && !options.forceNew) {
      throw new Quarantine(`The message is ${(raw.size / 1048576).toFixed(1)} MB, over the ${this.config.maxMessageBytes / 1048576} MB limit for processing. The raw message is kept.`);
    }
    const result = overSize ? await this.parse(raw, true) : await (options.parsed ?? this.parse(raw));
    if (!result.ok) throw new Quarantine(result.reason);
    const parsed: ParsedEmail = result.parsed;
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
    const inReplyToKeys = parsed.inReplyTo.map(normaliseMessageId).filter((id): id is string => id !== null);
    const referenceKeys = parsed.references.map(normaliseMessageId).filter((id): id is string => id !== null);
    const reportedKeys = parsed.reportedMessageIds.map(normaliseMessageId).filter((id): id is string => id !== null);
    const subjectBase = baseSubject(parsed.subject);
    const lookup = await this.conversations.threadingLookup(
      {
        mailboxId: raw.mailboxId,
        key,
        token: threadTokenIn([...parsed.references, ...parsed.inReplyTo]),
        inReplyTo: inReplyToKeys,
        // The newest reference (last in the header) wins: it is the message directly answered.
        references: referenceKeys,
        reported: kind === 'bounce' ? reportedKeys : [],
        baseSubject: subjectBase,
      },
      tx,
    );
    const duplicate = lookup.sameKey.find((message) => message.contentHash === contentHash);
    if (duplicate) return { state: 'duplicate', reason: `Already stored as message ${duplicate.id}.` };

    const now = this.clock.now();
    const decision = options.forceNew
      ? ({ conversationId: null, rule: 'forced_new' } as const)
      : chooseThread({
          sender: senderAddress,
          kind,
          now,
          byToken: lookup.byToken,
          byInReplyTo: lookup.byInReplyTo,
          byReferences: lookup.byReferences,
          byReportedMessageId: lookup.byReported,
          bySubject: lookup.bySubject,
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
      conversationId = await this.conversations.createConversation(
        {
          mailboxId: raw.mailboxId,
          contactEmail: senderAddress,
          contactName: sender.name,
          subject: parsed.subject,
          baseSubject: subjectBase,
          // An auto-reply or bounce that matches nothing is kept, but does not ask anyone for an answer.
          status: fromCustomer ? 'open' : 'closed',
          waitingSince: fromCustomer ? receivedAt : null,
          lastMessageAt: receivedAt,
          participants,
          threadToken: randomBytes(12).toString('hex'),
          // A customer's new conversation goes to the person on duty; with nobody on duty it stays unassigned.
          assigneeId: fromCustomer ? await this.personOnDuty(raw.mailboxId, now) : null,
        },
        tx,
      );
    }

    const span = findNewText(parsed.text);
    const preview = fromCustomer ? previewOf(parsed.text, span) : null;
    const messageId = await this.conversations.insertInboundMessage(
      {
        conversationId,
        mailboxId: raw.mailboxId,
        rawMessageId: raw.id,
        kind,
        messageIdHeader: parsed.messageId,
        messageKey: key,
        contentHash,
        messageIdReused: lookup.sameKey.length > 0,
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
        searchText: fromCustomer ? parsed.text.slice(span.start, span.end) : null,
      },
      {
        existing: !created,
        participants,
        fromCustomer,
        preview: preview && { text: preview.preview, truncated: preview.truncated },
        // A customer writing in an existing conversation becomes (or names) a contact in the same statement.
        contact: !created && fromCustomer ? { email: senderAddress, name: sender.name } : undefined,
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
    return { state: 'processed', conversationId, created };
  }
}
