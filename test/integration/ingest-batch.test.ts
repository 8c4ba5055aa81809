import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../../api/src/ingest/ingest.service.js';
import { MailboxFetchService } from '../../api/src/sync/mailbox-fetch.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

let dovecot: Dovecot;
let testApp: TestApp;

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * A mailbox's worth of mixed mail, in arrival order: customers starting threads and answering
 * themselves (by In-Reply-To, References or only the subject, often within the same batch), people
 * Cc'd mid-thread answering, strangers answering with someone else's headers, the same email
 * twice, a Message-ID reused for different words, auto-replies, mail without a Message-ID.
 */
function mixedMail(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = <T,>(values: T[]): T => values[Math.floor(next() * values.length)]!;
  const threads: { subject: string; customer: string; cc: string; ids: string[] }[] = [];
  const mail: string[] = [];
  for (let index = 0; mail.length < count; index += 1) {
    const roll = next();
    const thread = threads.length > 0 ? pick(threads.slice(-12)) : null;
    const id = `<m${index}@mail.example>`;
    const body = `Message ${index}: the export drops row ${Math.floor(next() * 1000)} again.\n\nOn Mon, Support <support@wholegrain.test> wrote:\n> Thanks for writing.`;
    if (roll > 0.95) {
      // An auto-reply that answers nothing opens a closed conversation; the customer's words in it reopen it.
      const customer = `customer${index % 37}@c${index % 5}.example`;
      threads.push({ subject: `Out of office ${index}`, customer, cc: `colleague${index % 7}@c${index % 5}.example`, ids: [id] });
      mail.push(buildInboundEmail({ from: customer, messageId: id, subject: `Out of office ${index}`, headers: { 'Auto-Submitted': 'auto-replied' }, body: 'Away.' }));
      continue;
    }
    if (!thread || roll < 0.25) {
      const customer = `customer${index % 37}@c${index % 5}.example`;
      const created = { subject: `Export problem ${index}`, customer, cc: `colleague${index % 7}@c${index % 5}.example`, ids: [id] };
      threads.push(created);
      mail.push(buildInboundEmail({ from: `Customer ${index % 37} <${customer}>`, cc: roll < 0.1 ? created.cc : undefined, messageId: id, subject: created.subject, body }));
      continue;
    }
    const parent = pick(thread.ids);
    if (roll < 0.45) mail.push(buildInboundEmail({ from: thread.customer, messageId: id, subject: `Re: ${thread.subject}`, inReplyTo: parent, body }));
    else if (roll < 0.55) mail.push(buildInboundEmail({ from: thread.customer, messageId: id, subject: `AW: ${thread.subject}`, references: thread.ids.join(' '), body }));
    else if (roll < 0.62) mail.push(buildInboundEmail({ from: `Customer <${thread.customer}>`, messageId: id, subject: `RE: ${thread.subject}`, body }));
    else if (roll < 0.68) mail.push(buildInboundEmail({ from: thread.cc, messageId: id, subject: `Re: ${thread.subject}`, inReplyTo: parent, body }));
    else if (roll < 0.74) mail.push(buildInboundEmail({ from: 'mallory@evil.example', messageId: id, subject: `Re: ${thread.subject}`, references: parent, body }));
    else if (roll < 0.8) {
      // The same email arrives twice (a retry by the sender's server), right away or later.
      const copy = buildInboundEmail({ from: thread.customer, messageId: id, subject: `Re: ${thread.subject}`, inReplyTo: parent, date: 'Sun, 29 Nov 2026 10:00:00 +0000', body });
      mail.push(copy, copy);
    } else if (roll < 0.85) mail.push(buildInboundEmail({ from: thread.customer, messageId: parent, subject: `Re: ${thread.subject}`, body: `Different words under an old id ${index}` }));
    else if (roll < 0.92) {
      mail.push(
        buildInboundEmail({
          from: thread.customer,
          messageId: id,
          subject: `Automatic reply: ${thread.subject}`,
          inReplyTo: parent,
          headers: { 'Auto-Submitted': 'auto-replied' },
          body: 'I am out of the office.',
        }),
      );
    } else if (roll < 0.95) mail.push(buildInboundEmail({ from: thread.customer, messageId: null, subject: `Re: ${thread.subject}`, body: `No id ${index}` }));
    thread.ids.push(id);
  }
  return mail.slice(0, count);
}

/** Everything ingestion decided, with database ids replaced by arrival positions so two mailboxes compare. */
async function outcome(mailbox: Mailbox) {
  const raws = await query(`SELECT id, state, reason FROM raw_message WHERE mailbox_id = $1 ORDER BY uid`, [mailbox.id]);
  const position = new Map(raws.map((raw: { id: string }, index: number) => [raw.id, index]));
  const messages = await query(
    `SELECT raw_message_id AS raw, conversation_id AS conversation, thread_rule AS rule, kind, message_id_reused AS reused, new_text_start, new_text_end,
            search IS NOT NULL AS searchable
     FROM message WHERE mailbox_id = $1 ORDER BY id`,
    [mailbox.id],
  );
  // A conversation is named by the arrival position of its first message.
  const conversationName = new Map<string, number>();
  for (const message of messages) if (!conversationName.has(message.conversation)) conversationName.set(message.conversation, position.get(message.raw)!);
  const messageName = new Map<string, number>((await query(`SELECT id, raw_message_id FROM message WHERE mailbox_id = $1`, [mailbox.id])).map((row: { id: string; raw_message_id: string }) => [row.id, position.get(row.raw_message_id)!]));
  const conversations = await query(
    `SELECT c.id, c.status, c.message_count, c.version, c.participants, c.preview, c.preview_truncated, c.preview_message_id, c.base_subject,
            c.waiting_since IS NOT NULL AS waiting, ct.email AS contact, ct.name AS contact_name
     FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE c.mailbox_id = $1`,
    [mailbox.id],
  );
  return {
    raws: raws.map((raw: { state: string; reason: string | null }) => ({ state: raw.state, reason: raw.reason?.replace(/message \d+/, 'message N') ?? null })),
    messages: (messages as { raw: string; conversation: string; rule: string; kind: string; reused: boolean }[]).map(({ raw, conversation, ...rest }) => ({
      at: position.get(raw),
      conversation: conversationName.get(conversation),
      ...rest,
    })),
    conversations: (conversations as { id: string; preview_message_id: string | null; participants: string[]; message_count: number; base_subject: string; status: string }[])
      .map(({ id, preview_message_id, participants, ...rest }) => ({
        first: conversationName.get(id),
        previewFrom: preview_message_id === null ? null : messageName.get(preview_message_id),
        participants: [...participants].sort(),
        ...rest,
      }))
      .sort((a, b) => (a.first ?? 0) - (b.first ?? 0)),
  };
}

describe('batched ingestion', () => {
  it('threads, deduplicates and counts a batch exactly as one message at a time would', async () => {
    const mail = mixedMail(420, 7);
    const batched = await createTestMailbox(testApp, dovecot, 'batched');
    const single = await createTestMailbox(testApp, dovecot, 'single');
    await dovecot.deliver('batched', mail);
    await dovecot.deliver('single', mail);

    const result = await testApp.app.get(MailboxSyncService).syncNow(batched.id);
    await testApp.app.get(MailboxFetchService).fetchNewMail(single);
    const ingest = testApp.app.get(IngestService);
    // limit 1: one message per transaction, each threaded after the one before committed.
    for (;;) {
      const counts = await ingest.processPending(single, 1);
      if (counts.processed + counts.duplicates + counts.quarantined === 0) break;
    }

    const [expected, actual] = [await outcome(single), await outcome(batched)];
    expect(result.fetched).toBe(420);
    expect(actual).toEqual(expected);

    // The mix really exercised what batching must get right, much of it within one batch of 100.
    const rules = new Set(expected.messages.map((message) => message.rule));
    expect([...rules].sort()).toEqual(['in_reply_to', 'new', 'new_not_participant', 'references', 'subject']);
    expect(expected.raws.filter((raw: { state: string }) => raw.state === 'duplicate').length).toBeGreaterThan(5);
    expect(expected.messages.filter((message) => message.reused).length).toBeGreaterThan(5);
    expect(expected.messages.filter((message) => message.kind === 'auto_reply').length).toBeGreaterThan(5);
    expect(expected.conversations.filter((conversation) => conversation.message_count > 3).length).toBeGreaterThan(5);
    // Conversations an auto-reply opened closed and the customer's words reopened.
    expect(expected.conversations.filter((conversation) => conversation.base_subject.startsWith('out of office') && conversation.status === 'open').length).toBeGreaterThan(2);
  });
});
