import type { ConversationCandidate, ThreadingLookup } from './ingest.repository.js';
import type { ThreadRule } from '../conversations/message.entity.js';
import { REOPENED_BY_CUSTOMER } from '../conversations/transitions.js';
import type { InboundKind } from './classify.js';
import { chooseThread } from './threading.js';

/** One message of the batch, as threading and deduplication see it. */
export interface PlanInput {
  mailboxId: string;
  key: string;
  contentHash: string;
  sender: string;
  kind: InboundKind;
  inReplyTo: string[];
  references: string[];
  /** For a bounce: the Message-IDs its delivery report returns. */
  reported: string[];
  token: string | null;
  baseSubject: string;
  participants: string[];
  receivedAt: Date;
  /** An admin's "force into a new conversation". */
  forceNew?: boolean;
}

/** A conversation this batch creates: `new:N` until its id is known. */
export type ConversationRef = string;

export type PlanDecision =
  /** The same message is stored: as this database id, or by the batch's message at this index. */
  | { state: 'duplicate'; of: { id: string } | { index: number } }
  | { state: 'stored'; conversation: ConversationRef; created: boolean; rule: ThreadRule; messageIdReused: boolean };

/** A conversation as it stands after the batch's messages so far. */
export interface Tracked extends ConversationCandidate {
  mailboxId: string;
}

export interface BatchPlan {
  /** Per message, in order. */
  decisions: PlanDecision[];
  /** Every conversation the batch touched (by id, or `new:N`), in its state after the batch. */
  conversations: ReadonlyMap<ConversationRef, Tracked>;
}

const SUBJECT_CANDIDATES = 10;

/**
 * Threads and deduplicates a batch of messages exactly as if each were stored before the next was
 * looked at: the database's answers (from the start of the batch) are overlaid with what earlier
 * messages of the same batch did — the conversations they created or joined, the participants they
 * added, the conversations a customer's words reopened, the Message-IDs they stored. That lets a
 * whole batch be looked up in one query and written in a few statements.
 */
export function planBatch(inputs: readonly PlanInput[], lookups: readonly ThreadingLookup[], now: Date): BatchPlan {
  const conversations = new Map<ConversationRef, Tracked>();
  /** Messages stored by this batch so far, by mailbox and key, oldest first. */
  const stored = new Map<string, { contentHash: string; conversation: ConversationRef; order: number; index: number }[]>();
  let created = 0;
  let order = 0;

  /** The candidate as it stands now, after earlier messages of the batch. */
  const current = (candidate: ConversationCandidate | null, mailboxId: string): Tracked | null => {
    if (!candidate) return null;
    let tracked = conversations.get(candidate.conversationId);
    if (!tracked) {
      tracked = { ...candidate, participants: [...candidate.participants], mailboxId };
      conversations.set(candidate.conversationId, tracked);
    }
    return tracked;
  };
  /** The conversation of the newest message stored by this batch under any of these keys. */
  const newestInBatch = (mailboxId: string, keys: string[]): Tracked | null => {
    let best: { order: number; conversation: ConversationRef } | null = null;
    for (const key of keys) {
      for (const entry of stored.get(`${mailboxId}\u0000${key}`) ?? []) {
        if (!best || entry.order > best.order) best = entry;
      }
    }
    return best ? (conversations.get(best.conversation) ?? null) : null;
  };

  const decisions = inputs.map((input, index): PlanDecision => {
    const lookup = lookups[index]!;
    const inBatchSameKey = stored.get(`${input.mailboxId}\u0000${input.key}`) ?? [];
    const duplicate = lookup.sameKey.find((message) => message.contentHash === input.contentHash);
    if (duplicate) return { state: 'duplicate', of: { id: duplicate.id } };
    const copy = inBatchSameKey.find((message) => message.contentHash === input.contentHash);
    if (copy) return { state: 'duplicate', of: { index: copy.index } };

    const candidate = (fromBatch: Tracked | null, fromDatabase: ConversationCandidate | null) => fromBatch ?? current(fromDatabase, input.mailboxId);
    const subjectCandidates = [
      ...lookup.bySubject.map((entry) => current(entry, input.mailboxId)!),
      ...[...conversations.values()].filter(
        (tracked) => tracked.mailboxId === input.mailboxId && tracked.baseSubject === input.baseSubject && !lookup.bySubject.some((entry) => entry.conversationId === tracked.conversationId),
      ),
    ]
      .filter((tracked) => input.baseSubject !== '' && tracked.baseSubject === input.baseSubject)
      .sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || newer(b.conversationId, a.conversationId))
      .slice(0, SUBJECT_CANDIDATES);

    const decision = input.forceNew
      ? ({ conversationId: null, rule: 'forced_new' } as const)
      : chooseThread({
          sender: input.sender,
          kind: input.kind,
          now,
          byToken: current(lookup.byToken, input.mailboxId),
          byInReplyTo: candidate(newestInBatch(input.mailboxId, input.inReplyTo), lookup.byInReplyTo),
          byReferences: candidate(newestInBatch(input.mailboxId, input.references), lookup.byReferences),
          byReportedMessageId: candidate(input.kind === 'bounce' ? newestInBatch(input.mailboxId, input.reported) : null, lookup.byReported),
          bySubject: subjectCandidates,
        });

    const fromCustomer = input.kind === 'email';
    let ref: ConversationRef;
    const isNew = decision.conversationId === null;
    if (decision.conversationId === null) {
      ref = `new:${created}`;
      created += 1;
      conversations.set(ref, {
        conversationId: ref,
        mailboxId: input.mailboxId,
        baseSubject: input.baseSubject,
        participants: [...input.participants],
        status: fromCustomer ? 'open' : input.kind === 'bulk' ? 'bulk' : 'closed',
        lastMessageAt: input.receivedAt,
      });
    } else {
      ref = decision.conversationId;
      const tracked = conversations.get(ref)!;
      for (const participant of input.participants) if (!tracked.participants.includes(participant)) tracked.participants.push(participant);
      if (fromCustomer && REOPENED_BY_CUSTOMER.includes(tracked.status)) tracked.status = 'open';
      if (input.receivedAt > tracked.lastMessageAt) tracked.lastMessageAt = input.receivedAt;
    }
    order += 1;
    const entry = { contentHash: input.contentHash, conversation: ref, order, index };
    stored.set(`${input.mailboxId}\u0000${input.key}`, [...inBatchSameKey, entry]);
    return { state: 'stored', conversation: ref, created: isNew, rule: decision.rule, messageIdReused: lookup.sameKey.length > 0 || inBatchSameKey.length > 0 };
  });
  return { decisions, conversations };
}

/** Positive when conversation `a` was created after `b`: this batch's new ones are the newest, in order. */
function newer(a: ConversationRef, b: ConversationRef): number {
  const rank = (ref: ConversationRef): [number, bigint] => (ref.startsWith('new:') ? [1, BigInt(ref.slice(4))] : [0, BigInt(ref)]);
  const [[batchA, idA], [batchB, idB]] = [rank(a), rank(b)];
  return batchA - batchB || (idA > idB ? 1 : idA < idB ? -1 : 0);
}

