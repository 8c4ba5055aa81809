import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { type ConversationTouch, IngestRepository, type NewAttachment, type NewConversation, type NewInboundMessage } from './ingest.repository.js';
import { firstAnswerEnd, previewOf, searchableWords } from '../conversations/preview.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { DutyService } from '../duty/duty.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { classifyInbound } from './classify.js';
import { messageKey, normaliseMessageId, threadTokenIn } from '../mail/message-key.js';
import { findNewText, type TextSpan } from './new-text.js';
import { type PlanInput, planBatch } from './batch-plan.js';
import { type ParsedEmail, parseEmail } from '../mail/parse-email.js';
import type { RawMessage } from '../mailboxes/raw-message.entity.js';
import { RawMessageRepository } from '../mailboxes/raw-message.repository.js';
import { baseSubject } from '../mail/subject.js';
import { searchableText } from './search-text.js';
import { showNulCharacters, UNKNOWN_SENDER, unparsedEmail } from './visible-nul.js';

export interface ProcessCounts {
  processed: number;
  duplicates: number;
  quarantined: number;
}

/** Messages processed per transaction. */
const BATCH_SIZE = 100;

type Outcome = { state: 'processed'; conversationId: string; created: boolean } | { state: 'duplicate'; reason: string } | { state: 'quarantined'; reason: string };

type ParseResult = { ok: true; parsed: ParsedEmail } | { ok: false; reason: string };
interface Prepared {
  raw: RawMessage;
  parsed: ParsedEmail;
  sender: { address: string; name: string | null };
  plan: PlanInput;
  span: TextSpan;
}
/** Another process stored the same message between our check and our insert: undo ours. */
class StoredConcurrently extends Error {}
/** The batch before this one failed or found nothing: give these messages back. */
class BatchNotNeeded extends Error {}
interface StartedBatch {
  prepared: Promise<void>;
  done: Promise<Outcome[] | null>;
}
interface PreparedBatch {
  /** Per raw message, in order: its outcome when already decided (quarantined), else null. */
  outcomes: (Outcome | null)[];
  prepared: Prepared[];
}

/**
 * Turns stored raw mail into contacts, conversations, messages and attachments, a batch per
 * transaction, idempotently. A message that cannot be ingested is quarantined with its reason and
 * the others go on: one bad mail never blocks a mailbox.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly rawMessages: RawMessageRepository,
    private readonly conversations: IngestRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly duty: DutyService,
    private readonly notifications: NotificationsService,
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
    /** Shutdown: the batch being written commits, the one prepared after it is given back, no more are claimed. */
    signal?: AbortSignal,
  ): Promise<ProcessCounts> {
    const counts: ProcessCounts = { processed: 0, duplicates: 0, quarantined: 0 };
    const tally = (outcomes: Outcome[]) => {
      for (const outcome of outcomes) {
        if (outcome.state === 'processed') counts.processed += 1;
        else if (outcome.state === 'duplicate') counts.duplicates += 1;
        else counts.quarantined += 1;
      }
      onProgress?.(counts);
    };
    // Without a limit, the next batch is claimed and parsed (work in this process) while the
    // current one is written (work in PostgreSQL); it is threaded only once the current one has
    // committed, so a reply still finds what it answers.
    const pipelined = limit === Number.POSITIVE_INFINITY && !onlyRawId;
    let handled = 0;
    let current: StartedBatch | null = null;
    while (handled < limit && !signal?.aborted) {
      const size = onlyRawId ? 1 : Math.min(BATCH_SIZE, limit - handled);
      current ??= this.startBatch(mailbox, size, onlyRawId, Promise.resolve(true));
      await current.prepared;
      const committed: Promise<boolean> = current.done.then(
        (outcomes) => outcomes !== null,
        () => false,
      );
      const gate = signal ? committed.then((ok) => ok && !signal.aborted) : committed;
      const next: StartedBatch | null = pipelined ? this.startBatch(mailbox, BATCH_SIZE, undefined, gate, signal) : null;
      let outcomes: Outcome[] | null;
      try {
        outcomes = await current.done;
      } catch (error) {
        // The next batch gives its messages back (it would thread after these); they come round again.
        await next?.done.catch(() => undefined);
        current = null;
        this.logger.warn(`A batch of ${size} failed as a whole (${error instanceof Error ? error.message : String(error)}); processing it message by message`);
        outcomes = [];
        for (let index = 0; index < size; index += 1) {
          const outcome = await this.processSingle(mailbox, onlyRawId);
          if (!outcome) break;
          outcomes.push(outcome);
        }
        if (outcomes.length === 0) break;
        tally(outcomes);
        handled += outcomes.length;
        continue;
      }
      current = next;
      if (!outcomes || outcomes.length === 0) {
        await next?.done.catch(() => undefined);
        break;
      }
      tally(outcomes);
      handled += outcomes.length;
    }
    // Stopped early: the batch prepared ahead rolls back (its gate is closed); never leave it open.
    await current?.done.catch(() => undefined);
    return counts;
  }

  /**
   * One transaction for up to `size` messages: claimed and parsed at once, then (once `gate` says
   * the batch before it committed) threaded and written; `prepared` settles when the parsing is
   * done. `done` rejects, rolling back all of them, on any unexpected error or a closed gate.
   */
  private startBatch(mailbox: { id: string; address?: string } | null, size: number, onlyRawId: string | undefined, gate: Promise<boolean>, signal?: AbortSignal): StartedBatch {
    let markPrepared: () => void = () => undefined;
    const prepared = new Promise<void>((resolve) => {
      markPrepared = resolve;
    });
    const done = this.transactions.run(async (tx) => {
      const raws = await this.rawMessages.claimPending(mailbox?.id ?? null, size, tx, onlyRawId);
      // Stopping: give the claim back before spending time parsing it.
      if (signal?.aborted) throw new BatchNotNeeded();
      const batch = raws.length > 0 ? await this.prepareAll(raws, tx, mailbox?.address ? new Map([[mailbox.id, mailbox.address]]) : new Map()) : null;
      markPrepared();
      if (!(await gate)) throw new BatchNotNeeded();
      if (!batch) return null;
      const outcomes = await this.write(batch, tx);
      await this.rawMessages.markOutcomes(
        outcomes.map((outcome, index) => ({ id: raws[index]!.id, state: outcome.state, reason: outcome.state === 'processed' ? null : outcome.reason })),
        tx,
      );
      return outcomes;
    });
    done.catch(() => markPrepared());
    return { prepared, done };
  }

  /** One message in its own transaction; a failure quarantines just this message. */
  private async processSingle(mailbox: { id: string; address?: string } | null, onlyRawId?: string): Promise<Outcome | null> {
    let claimedId: string | null = null;
    try {
      return await this.transactions.run(async (tx) => {
        const [raw] = await this.rawMessages.claimPending(mailbox?.id ?? null, 1, tx, onlyRawId);
        if (!raw) return null;
        claimedId = raw.id;
        const [result] = await this.ingest([raw], tx, mailbox?.address ? new Map([[mailbox.id, mailbox.address]]) : new Map());
        await this.rawMessages.markOutcomes([{ id: raw.id, state: result!.state, reason: result!.state === 'processed' ? null : result!.reason }], tx);
        return result!;
      });
    } catch (error) {
      if (claimedId === null) throw error;
      if (error instanceof StoredConcurrently) {
        await this.rawMessages.markOutcomes([{ id: claimedId, state: 'duplicate', reason: error.message }]);
        return { state: 'duplicate', reason: error.message };
      }
      // The transaction rolled back: quarantine this one message in its own write.
      const reason = `Processing failed: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(`Raw message ${claimedId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await this.rawMessages.markOutcomes([{ id: claimedId, state: 'quarantined', reason }]);
      return { state: 'quarantined', reason };
    }
  }

  /**
   * An admin's "force into a new conversation" for a quarantined message: no size limit and no
   * threading; mail whose MIME does not parse comes in with its bytes as text, and mail without a
   * sender under "Unknown sender", so every reason a message can be quarantined for can be forced.
   */
  async forceIntoNewConversation(rawId: string): Promise<{ conversationId: string }> {
    return this.transactions.run(async (tx) => {
      const raw = await this.rawMessages.lockQuarantined(rawId, tx);
      if (!raw) throw new AppError('not_found', 'No such quarantined message.');
      let outcome: Outcome;
      try {
        [outcome] = (await this.ingest([raw], tx, new Map(), { forceNew: true })) as [Outcome];
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
  private async parse(raw: RawMessage, ignoreSizeLimit: boolean): Promise<ParseResult> {
    if (!ignoreSizeLimit && raw.size > this.config.maxMessageBytes) {
      return {
        ok: false,
        reason: `The message is ${(raw.size / 1048576).toFixed(1)} MB, over the ${this.config.maxMessageBytes / 1048576} MB limit for processing. The raw message is kept.`,
      };
    }
    try {
      return { ok: true, parsed: await parseEmail(raw.bytes) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Forced in by an admin: its bytes become the text, so the words are not stranded.
      if (ignoreSizeLimit) return { ok: true, parsed: unparsedEmail(raw.bytes, reason) };
      return { ok: false, reason: `The message could not be parsed as MIME: ${reason}` };
    }
  }

  /** Everything about one raw message that needs no database: parsed, classified, keyed. Or why it is quarantined. */
  private async prepare(raw: RawMessage, mailboxAddress: string, forceNew: boolean): Promise<Prepared | { quarantine: string }> {
    const result = await this.parse(raw, forceNew);
    if (!result.ok) return { quarantine: result.reason };
    const parsed = showNulCharacters(result.parsed);
    // Mail that names nobody is still someone's words: kept under "Unknown sender", never threaded by guesswork.
    const sender = parsed.from ?? parsed.replyTo[0] ?? UNKNOWN_SENDER;
    const unknownSender = sender === UNKNOWN_SENDER;
    const senderAddress = sender.address.toLowerCase();
    const token = threadTokenIn([...parsed.references, ...parsed.inReplyTo]);
    // A list's copy of someone answering our reply (our token in its headers) is their email, not bulk.
    const kind = classifyInbound({ headers: parsed.headers, contentType: parsed.contentType, from: parsed.from, answersUs: token !== null });
    const contentHash = createHash('sha256')
      .update(
        [senderAddress, parsed.date?.toISOString() ?? '', parsed.subject, parsed.text, parsed.html ?? '', ...parsed.attachments.map((attachment) => attachment.sha256.toString('hex'))].join('\u0000'),
      )
      .digest('hex');
    const keys = (ids: string[]) => ids.map(normaliseMessageId).filter((id): id is string => id !== null);
    const ownAddress = mailboxAddress.toLowerCase();
    const participants = [...new Set([senderAddress, ...[...parsed.to, ...parsed.cc].map((entry) => entry.address.toLowerCase())])].filter(
      (address) => address !== ownAddress,
    );
    return {
      raw,
      parsed,
      sender: { address: senderAddress, name: sender.name },
      plan: {
        mailboxId: raw.mailboxId,
        key: messageKey(parsed.messageId, raw.sha256),
        contentHash,
        sender: senderAddress,
        kind,
        inReplyTo: keys(parsed.inReplyTo),
        // The newest reference (last in the header) wins: it is the message directly answered.
        references: keys(parsed.references),
        reported: kind === 'bounce' ? keys(parsed.reportedMessageIds) : [],
        token,
        baseSubject: baseSubject(parsed.subject),
        participants,
        receivedAt: raw.internalDate ?? this.clock.now(),
        forceNew: forceNew || unknownSender,
      },
      span: findNewText(parsed.text, { html: parsed.html, subject: parsed.subject }),
    };
  }

  /**
   * Ingests raw messages in order, as if one after another, with a handful of statements for the
   * whole batch: one lookup, then contacts, conversations, messages, conversation updates and
   * attachments each written set-wise. Returns each message's outcome; throws StoredConcurrently
   * when another process stored one of them meanwhile (the caller redoes the batch one by one).
   */
  private async ingest(raws: RawMessage[], tx: Tx, addresses: Map<string, string>, options: { forceNew?: boolean } = {}): Promise<Outcome[]> {
    return this.write(await this.prepareAll(raws, tx, addresses, options), tx);
  }

  /** Parses and classifies a batch: everything that needs no lock on conversations. */
  private async prepareAll(raws: RawMessage[], tx: Tx, addresses: Map<string, string>, options: { forceNew?: boolean } = {}): Promise<PreparedBatch> {
    const unknown = [...new Set(raws.map((raw) => raw.mailboxId))].filter((id) => !addresses.has(id));
    if (unknown.length > 0) {
      const rows: { id: string; address: string }[] = await tx.query('SELECT id, address FROM mailbox WHERE id = ANY($1::uuid[])', [unknown]);
      for (const row of rows) addresses.set(row.id, row.address);
    }
    const outcomes: (Outcome | null)[] = [];
    const prepared: Prepared[] = [];
    // All at once: the parser thread works through them while this one goes on.
    const results = await Promise.all(raws.map((raw) => this.prepare(raw, addresses.get(raw.mailboxId) ?? '', options.forceNew === true)));
    for (const result of results) {
      if ('quarantine' in result) outcomes.push({ state: 'quarantined', reason: result.quarantine });
      else {
        outcomes.push(null);
        prepared.push(result);
      }
    }
    return { outcomes, prepared };
  }

  /** Threads and writes a prepared batch (see ingest). */
  private async write({ outcomes, prepared }: PreparedBatch, tx: Tx): Promise<Outcome[]> {
    if (prepared.length === 0) return outcomes as Outcome[];

    const lookups = await this.conversations.threadingLookups(
      prepared.map(({ plan }) => plan),
      tx,
    );
    const now = this.clock.now();
    const { decisions, conversations: states } = planBatch(
      prepared.map(({ plan }) => plan),
      lookups,
      now,
    );

    const storing = prepared.flatMap((message, index) => {
      const decision = decisions[index]!;
      return decision.state === 'stored' ? [{ message, decision }] : [];
    });
    const createdRefs = [...new Set(storing.filter(({ decision }) => decision.created).map(({ decision }) => decision.conversation))];
    const ids = await this.conversations.allocateIds(createdRefs.length, storing.length, tx);
    const conversationIds = new Map(createdRefs.map((ref, index) => [ref, ids.conversations[index]!]));
    const conversationId = (ref: string) => conversationIds.get(ref) ?? ref;

    // Per conversation, what this batch's messages add up to.
    interface Effect {
      first: Prepared;
      ref: string;
      created: boolean;
      count: number;
      lastMessageAt: Date;
      participants: Set<string>;
      customerWroteAt: Date | null;
      lastCustomerMessage: { message: Prepared; id: string } | null;
    }
    const effects = new Map<string, Effect>();
    const contacts = new Map<string, string | null>();
    const addContact = (email: string, name: string | null) => {
      if (!contacts.has(email) || (contacts.get(email) === null && name !== null)) contacts.set(email, contacts.get(email) ?? name);
    };
    const messages: NewInboundMessage[] = [];
    const attachments: (NewAttachment & { messageId: string })[] = [];
    for (const [index, { message, decision }] of storing.entries()) {
      const id = ids.messages[index]!;
      const { parsed, plan, span } = message;
      const fromCustomer = plan.kind === 'email';
      const target = conversationId(decision.conversation);
      let effect = effects.get(target);
      if (!effect) {
        effect = {
          first: message,
          ref: decision.conversation,
          created: decision.created,
          count: 0,
          lastMessageAt: plan.receivedAt,
          participants: new Set(),
          customerWroteAt: null,
          lastCustomerMessage: null,
        };
        effects.set(target, effect);
        // The sender of a new conversation becomes its contact.
        if (decision.created) addContact(message.sender.address, message.sender.name);
      }
      effect.count += 1;
      if (plan.receivedAt > effect.lastMessageAt) effect.lastMessageAt = plan.receivedAt;
      for (const participant of plan.participants) effect.participants.add(participant);
      if (fromCustomer) {
        effect.customerWroteAt ??= plan.receivedAt;
        effect.lastCustomerMessage = { message, id };
        // A customer writing in an existing conversation becomes (or names) a contact.
        addContact(message.sender.address, message.sender.name);
      }
      messages.push({
        id,
        conversationId: target,
        mailboxId: plan.mailboxId,
        rawMessageId: message.raw.id,
        kind: plan.kind,
        messageIdHeader: parsed.messageId,
        messageKey: plan.key,
        contentHash: plan.contentHash,
        messageIdReused: decision.messageIdReused,
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        fromAddress: message.sender.address,
        fromName: message.sender.name,
        replyTo: parsed.replyTo,
        toAddresses: parsed.to,
        ccAddresses: parsed.cc,
        subject: parsed.subject,
        sentAt: parsed.date,
        receivedAt: plan.receivedAt,
        text: parsed.text,
        html: parsed.html,
        newTextStart: span.start,
        newTextEnd: span.end,
        newTextInterleaved: span.interleaved === true,
        newTextForwarded: span.forwarded === true,
        threadRule: decision.rule,
        decodingIssues: parsed.decodingIssues,
        searchText: fromCustomer ? searchableText(searchableWords(parsed.text, span, span.interleaved === true)) : null,
      });
      for (const attachment of parsed.attachments) {
        attachments.push({
          messageId: id,
          filename: attachment.filename,
          contentType: attachment.contentType,
          size: attachment.size,
          sha256: attachment.sha256,
          contentId: attachment.contentId,
          disposition: attachment.disposition,
          bytes: attachment.content,
        });
      }
    }

    const previewOfEffect = (effect: Effect) => {
      if (!effect.lastCustomerMessage) return null;
      const { message, id } = effect.lastCustomerMessage;
      const preview = previewOf(message.parsed.text, { start: message.span.start, end: firstAnswerEnd(message.parsed.text, message.span) });
      return { text: preview.preview, truncated: preview.truncated, messageId: id };
    };
    const created: NewConversation[] = [];
    const touched: ConversationTouch[] = [];
    for (const [id, effect] of effects) {
      if (effect.created) {
        const { plan, parsed } = effect.first;
        created.push({
          id,
          mailboxId: plan.mailboxId,
          contactEmail: effect.first.sender.address,
          subject: parsed.subject,
          baseSubject: plan.baseSubject,
          // As threading left it: an auto-reply or bounce that matched nothing opens it closed, bulk mail opens it in Bulk, a customer's words open it.
          status: states.get(effect.ref)!.status,
          waitingSince: effect.customerWroteAt,
          lastMessageAt: effect.lastMessageAt,
          messageCount: effect.count,
          participants: [...effect.participants],
          threadToken: randomBytes(12).toString('hex'),
          // A customer's new conversation goes to the person on duty; with nobody on duty it stays unassigned.
          assigneeId: plan.kind === 'email' ? await this.personOnDuty(plan.mailboxId, now) : null,
          preview: previewOfEffect(effect),
        });
      } else {
        touched.push({
          conversationId: id,
          messageCount: effect.count,
          lastMessageAt: effect.lastMessageAt,
          participants: [...effect.participants],
          customerWroteAt: effect.customerWroteAt,
          preview: previewOfEffect(effect),
        });
      }
    }

    await this.conversations.upsertContacts(
      [...contacts].map(([email, name]) => ({ email, name })),
      tx,
    );
    await this.conversations.insertConversations(created, tx);
    const written = await this.conversations.insertInboundMessages(messages, tx);
    if (written !== messages.length) throw new StoredConcurrently('Already stored by another process.');
    await this.conversations.touchConversations(touched, tx);
    await this.conversations.insertAttachments(attachments, tx);
    await this.conversations.notifyChanged(
      [...effects].map(([id, effect]) => ({ id, mailboxId: effect.first.plan.mailboxId })),
      tx,
    );
    // Who hears about the customers' words: in this transaction, so a redone batch notifies nobody twice.
    const assigneeOfCreated = new Map(created.map((conversation) => [conversation.id, conversation.assigneeId]));
    const inbound: Parameters<NotificationsService['inboundMail']>[0] = { created: [], replies: [] };
    for (const [id, effect] of effects) {
      if (!effect.lastCustomerMessage) continue;
      const { message } = effect.lastCustomerMessage;
      const preview = previewOfEffect(effect)!;
      const entry = {
        conversationId: id,
        subject: message.parsed.subject,
        customer: message.sender.name ?? message.sender.address,
        preview: preview.truncated ? `${preview.text}…` : preview.text,
        messageId: effect.lastCustomerMessage.id,
      };
      if (effect.created) inbound.created.push({ ...entry, onDutyId: assigneeOfCreated.get(id) ?? null });
      else inbound.replies.push({ ...entry, onDutyId: await this.personOnDuty(effect.first.plan.mailboxId, now) });
    }
    await this.notifications.inboundMail(inbound, tx);

    const storedIds = new Map(storing.map(({ message }, index) => [message, ids.messages[index]!]));
    let next = 0;
    return outcomes.map((outcome) => {
      if (outcome) return outcome;
      const decision = decisions[next]!;
      next += 1;
      if (decision.state === 'duplicate') {
        const id = 'id' in decision.of ? decision.of.id : storedIds.get(prepared[decision.of.index]!);
        return { state: 'duplicate', reason: `Already stored as message ${id}.` };
      }
      return { state: 'processed', conversationId: conversationId(decision.conversation), created: decision.created };
    });
  }
}
