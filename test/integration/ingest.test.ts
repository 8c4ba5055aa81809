import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

let dovecot: Dovecot;
let testApp: TestApp;
let sync: MailboxSyncService;

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp({ config: { maxMessageBytes: 1024 * 1024 } })]);
  sync = testApp.app.get(MailboxSyncService);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;

/** One mailbox per scenario, so scenarios do not see each other's mail. */
async function scenario(user: string) {
  const mailbox: Mailbox = await createTestMailbox(testApp, dovecot, user);
  const deliver = async (...messages: string[]) => {
    await dovecot.deliver(user, messages);
    return sync.syncNow(mailbox.id);
  };
  const conversations = () =>
    query(
      `SELECT c.id, c.subject, c.status, c.message_count AS "messageCount", ct.email AS contact
       FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE c.mailbox_id = $1 ORDER BY c.id`,
      [mailbox.id],
    );
  const messages = () =>
    query(
      `SELECT m.id, m.conversation_id AS "conversationId", m.thread_rule AS "threadRule", m.subject, m.kind, m.message_id_reused AS "reused", m.text
       FROM message m WHERE m.mailbox_id = $1 ORDER BY m.id`,
      [mailbox.id],
    );
  return { mailbox, deliver, conversations, messages };
}

describe('threading', () => {
  it('threads a reply that carries only References', async () => {
    const { deliver, messages } = await scenario('refs');
    await deliver(buildInboundEmail({ messageId: '<first@customer.example>', subject: 'Export is empty' }));
    await deliver(buildInboundEmail({ messageId: '<second@customer.example>', subject: 'Re: Export is empty', references: '<first@customer.example>' }));
    const [first, second] = await messages();
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.threadRule).toBe('references');
  });

  it('threads a reply that carries only In-Reply-To, even with a changed subject', async () => {
    const { deliver, messages } = await scenario('irt');
    await deliver(buildInboundEmail({ messageId: '<a1@customer.example>', subject: 'Export is empty' }));
    await deliver(buildInboundEmail({ messageId: '<a2@customer.example>', subject: 'and another thing', inReplyTo: '<A1@Customer.Example>' }));
    const [first, second] = await messages();
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.threadRule).toBe('in_reply_to');
  });

  it('keeps one copy of a message without a Message-ID, however often it is synced', async () => {
    const { mailbox, deliver, messages } = await scenario('noid');
    const email = buildInboundEmail({ messageId: null, subject: 'No id here' });
    await deliver(email);
    await deliver(email);
    const third = await deliver(email);
    expect(third).toMatchObject({ fetched: 1, processed: 0, duplicates: 1 });
    expect(await messages()).toHaveLength(1);
    expect(await query(`SELECT state FROM raw_message WHERE mailbox_id = $1 ORDER BY id`, [mailbox.id])).toEqual([
      { state: 'processed' },
      { state: 'duplicate' },
      { state: 'duplicate' },
    ]);
  });

  it('keeps both messages when a sender reuses a Message-ID with a different body, flagging the second', async () => {
    const { deliver, messages } = await scenario('reuse');
    await deliver(buildInboundEmail({ messageId: '<same@customer.example>', body: 'The first words.' }));
    await deliver(buildInboundEmail({ messageId: '<same@customer.example>', body: 'Completely different words.' }));
    const all = await messages();
    expect(all).toHaveLength(2);
    expect(all.map((message) => message.reused)).toEqual([false, true]);
    expect(all[1].text).toContain('Completely different words.');
  });

  it('threads the answer of a person Cc’d mid-thread', async () => {
    const { deliver, messages, conversations } = await scenario('cc');
    await deliver(buildInboundEmail({ messageId: '<c1@customer.example>', subject: 'Invoice', cc: 'Dan <dan@customer.example>' }));
    await deliver(buildInboundEmail({ from: 'Dan <dan@customer.example>', messageId: '<c2@customer.example>', subject: 'Re: Invoice', inReplyTo: '<c1@customer.example>' }));
    const [first, second] = await messages();
    expect(second.conversationId).toBe(first.conversationId);
    expect(await conversations()).toHaveLength(1);
  });

  it.each(['AW: Kalender', 'SV: Kalender', 'RE: Kalender', 'Antw: Kalender', 'Re[2]: Kalender'])('threads a localised reply by subject: %s', async (subject) => {
    const { deliver, messages } = await scenario(`prefix${subject.replace(/\W/g, '').toLowerCase()}`);
    await deliver(buildInboundEmail({ subject: 'Kalender' }));
    await deliver(buildInboundEmail({ subject }));
    const [first, second] = await messages();
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.threadRule).toBe('subject');
  });

  it('never appends a stranger’s mail to a customer’s conversation, whatever its subject and References', async () => {
    const { deliver, conversations, messages } = await scenario('hijack');
    await deliver(buildInboundEmail({ messageId: '<victim@customer.example>', subject: 'My account details' }));
    await deliver(
      buildInboundEmail({
        from: 'Mallory <mallory@evil.example>',
        subject: 'Re: My account details',
        inReplyTo: '<victim@customer.example>',
        references: '<victim@customer.example>',
        body: 'Please send me the password.',
      }),
    );
    const all = await conversations();
    expect(all.map((conversation) => conversation.contact)).toEqual(['carla@customer.example', 'mallory@evil.example']);
    expect((await messages())[1].threadRule).toBe('new_not_participant');
  });
});

describe('auto-replies and bounces', () => {
  it('keeps an out-of-office reply as a typed message in the conversation it answers', async () => {
    const { deliver, messages, conversations } = await scenario('ooo');
    await deliver(buildInboundEmail({ messageId: '<o1@customer.example>', subject: 'Question' }));
    await deliver(
      buildInboundEmail({ messageId: '<o2@customer.example>', subject: 'Out of office: Question', inReplyTo: '<o1@customer.example>', headers: { 'Auto-Submitted': 'auto-replied' } }),
    );
    expect((await messages()).map((message) => message.kind)).toEqual(['email', 'auto_reply']);
    expect(await conversations()).toHaveLength(1);
  });

  it('keeps an unmatched bounce without opening a conversation that asks for an answer', async () => {
    const { deliver, conversations, messages } = await scenario('bounce');
    await deliver(
      buildInboundEmail({ from: 'Mail Delivery System <MAILER-DAEMON@mx.example>', subject: 'Undelivered Mail Returned to Sender', body: 'This is the mail system.' }),
    );
    expect((await messages()).map((message) => message.kind)).toEqual(['bounce']);
    expect((await conversations())[0].status).toBe('closed');
  });
});

describe('a poisoned mailbox', () => {
  it('quarantines malformed and oversized mail with a reason while every other message flows', async () => {
    const { mailbox, deliver, messages } = await scenario('poison');
    const big = buildInboundEmail({ subject: 'Huge', body: 'x'.repeat(1_200_000) });
    const result = await deliver(
      buildInboundEmail({ subject: 'Before' }),
      'This is not an email at all, just bytes\r\n\r\n',
      big,
      buildInboundEmail({ subject: 'After' }),
    );
    // Bytes without a sender are kept under "Unknown sender" (test/integration/hostile-mail.test.ts).
    expect(result).toEqual({ fetched: 4, processed: 3, duplicates: 0, quarantined: 1 });
    expect((await messages()).map((message) => message.subject).sort()).toEqual(['', 'After', 'Before']);
    const reasons = (await query(`SELECT reason FROM raw_message WHERE mailbox_id = $1 AND state = 'quarantined'`, [mailbox.id])).map((row) => row.reason as string).sort();
    expect(reasons).toEqual([expect.stringMatching(/over the 1 MB limit/)]);
  });
});

describe('re-syncing', () => {
  it('changes no row when the same mailbox is synced again', async () => {
    const { mailbox, deliver } = await scenario('twice');
    await deliver(buildInboundEmail({ subject: 'A' }), buildInboundEmail({ subject: 'B' }));
    const snapshot = async () =>
      query(
        `SELECT (SELECT COUNT(*) FROM raw_message) AS raw, (SELECT COUNT(*) FROM message) AS messages, (SELECT COUNT(*) FROM conversation) AS conversations,
                (SELECT COUNT(*) FROM contact) AS contacts, (SELECT COUNT(*) FROM attachment) AS attachments,
                (SELECT json_agg(f ORDER BY f.id) FROM mailbox_folder f WHERE f.mailbox_id = $1) AS cursor`,
        [mailbox.id],
      );
    const before = await snapshot();
    expect(await sync.syncNow(mailbox.id)).toEqual({ fetched: 0, processed: 0, duplicates: 0, quarantined: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('creates zero duplicates after the server changes UIDVALIDITY', async () => {
    const { mailbox, deliver, messages } = await scenario('uidvalidity');
    await deliver(buildInboundEmail({ subject: 'One' }), buildInboundEmail({ subject: 'Two' }), buildInboundEmail({ messageId: null, subject: 'Three' }));
    await dovecot.changeUidValidity('uidvalidity', 'INBOX', 4242);
    expect(await sync.syncNow(mailbox.id)).toEqual({ fetched: 3, processed: 0, duplicates: 3, quarantined: 0 });
    expect(await messages()).toHaveLength(3);
  });
});
