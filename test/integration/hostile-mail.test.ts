import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

/**
 * Mail whose own headers used to strand it in quarantine, through a real Dovecot: every message
 * reaches the inbox, and whatever can still be quarantined can be forced in.
 */
let dovecot: Dovecot;
let testApp: TestApp;
let sync: MailboxSyncService;
let admin: ApiClient;

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp({ config: { maxMessageBytes: 2 * 1024 * 1024 } })]);
  sync = testApp.app.get(MailboxSyncService);
  admin = new ApiClient(testApp.baseUrl);
  expect((await admin.setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;

async function scenario(user: string) {
  const mailbox: Mailbox = await createTestMailbox(testApp, dovecot, user);
  const deliver = async (...messages: (string | Buffer)[]) => {
    await dovecot.deliver(user, messages);
    return sync.syncNow(mailbox.id);
  };
  const inbox = () =>
    query(
      `SELECT m.subject, m.from_name AS "fromName", m.text, m.decoding_issues AS "decodingIssues", m.thread_rule AS "threadRule", m.message_key AS "messageKey",
              c.id AS "conversationId", c.participants, ct.email AS contact, ct.name AS "contactName", m.raw_message_id AS "rawId"
       FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN contact ct ON ct.id = c.contact_id WHERE m.mailbox_id = $1 ORDER BY m.id`,
      [mailbox.id],
    );
  const quarantined = () => query(`SELECT id::text, reason FROM raw_message WHERE mailbox_id = $1 AND state = 'quarantined' ORDER BY id`, [mailbox.id]);
  return { mailbox, deliver, inbox, quarantined };
}

/** Words, not one repeated letter: a subject a person could (almost) write, cut nowhere. */
const words = (length: number, seed: string) => {
  let text = '';
  for (let index = 0; text.length < length; index += 1) text += `${seed}${index} `;
  return text.trimEnd();
};

describe('mail with enormous headers', () => {
  it('ingests 10 kB subjects (and threads the second by subject), 10 kB display names, 1,000 recipients and a 1 MB header line', async () => {
    const { deliver, inbox, quarantined } = await scenario('huge-headers');
    const subject = words(10_000, 'subject');
    const name = words(10_000, 'name');
    const recipients = Array.from({ length: 1_000 }, (_, index) => `person${index}@customers.example`).join(', ');
    // The longest Message-ID kept as a key (998 characters), in 3-byte characters: 2,994 bytes, over a btree entry.
    const messageId = `<${'€'.repeat(980)}@customer.example>`;
    const result = await deliver(
      buildInboundEmail({ subject, body: 'The first of two long ones.' }),
      buildInboundEmail({ subject: `Re: ${subject}`, body: 'The second of two long ones.' }),
      buildInboundEmail({ from: `"${name}" <named@customer.example>`, subject: 'A long name' }),
      buildInboundEmail({ to: recipients, subject: 'To a thousand people' }),
      buildInboundEmail({ messageId, subject: 'A 3 kB Message-ID' }),
      buildInboundEmail({ headers: { 'X-Long': 'x'.repeat(1_048_576) }, subject: 'A one-megabyte header' }),
    );
    expect(await quarantined()).toEqual([]);
    expect(result).toMatchObject({ processed: 6, quarantined: 0 });
    const messages = await inbox();
    expect(messages[0].subject).toBe(subject);
    expect(messages[1].subject).toBe(`Re: ${subject}`);
    expect(messages[1].conversationId).toBe(messages[0].conversationId);
    expect(messages[1].threadRule).toBe('subject');
    expect(messages[2].fromName).toBe(name);
    expect(messages[3].participants).toHaveLength(1_001);
    expect(messages[4].messageKey).toBe(messageId.slice(1, -1));
    expect(messages[5].subject).toBe('A one-megabyte header');
    // Delivered again (a server restore), nothing is stored twice: the bounded unique index still dedupes.
    expect(await deliver(buildInboundEmail({ messageId, subject: 'A 3 kB Message-ID', date: 'Sat, 28 Nov 2026 09:15:00 +0100' }))).toMatchObject({ duplicates: 1 });
  });
});

describe('mail the database cannot hold as written', () => {
  it('shows NUL characters as ␀ and keeps the raw bytes as they came', async () => {
    const { mailbox, inbox, quarantined } = await scenario('nul');
    const raw = Buffer.from(buildInboundEmail({ subject: 'Zero\u0000byte', body: 'Before\u0000after, and more words.' }), 'utf8');
    // Dovecot itself serves NUL as 0x80 over IMAP; other servers (and BINARY fetches) pass it on,
    // so the raw message is stored here as such a server delivers it.
    await query(
      `INSERT INTO raw_message (mailbox_id, folder_path, uid_validity, uid, bytes, sha256, size) VALUES ($1, 'INBOX', 1, 1, $2, sha256($2), $3)`,
      [mailbox.id, raw, raw.length],
    );
    expect(await sync.syncNow(mailbox.id)).toMatchObject({ processed: 1, quarantined: 0 });
    expect(await quarantined()).toEqual([]);
    const [message] = await inbox();
    expect(message.subject).toBe('Zero␀byte');
    expect(message.text).toBe('Before␀after, and more words.\n');
    expect(message.decodingIssues).toEqual([expect.stringMatching(/NUL characters .* shown as ␀/)]);
    const [stored] = await query('SELECT bytes FROM raw_message WHERE id = $1', [message.rawId]);
    expect(Buffer.compare(stored.bytes, raw)).toBe(0);
    const detail = await admin.get(`/api/conversations/${message.conversationId}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('Before␀after');
  });

  it('takes mail without a sender address in under "Unknown sender", in a conversation of its own', async () => {
    const { deliver, inbox, quarantined } = await scenario('nosender');
    expect(await deliver('Subject: who wrote this?\r\n\r\nThis is not an email at all, just words\r\n', 'Subject: who wrote this?\r\n\r\nAnother one\r\n')).toMatchObject({ processed: 2, quarantined: 0 });
    expect(await quarantined()).toEqual([]);
    const messages = await inbox();
    expect(messages.map((message) => [message.contact, message.contactName, message.subject])).toEqual([
      ['unknown-sender@sender.invalid', 'Unknown sender', 'who wrote this?'],
      ['unknown-sender@sender.invalid', 'Unknown sender', 'who wrote this?'],
    ]);
    expect(messages[1].conversationId).not.toBe(messages[0].conversationId);
    expect(messages[0].text).toContain('This is not an email at all, just words');
  });
});

describe('forcing a quarantined message in', () => {
  it('works for every reason the quarantine shows', async () => {
    const { mailbox, deliver, inbox, quarantined } = await scenario('force');
    // Over the size limit: the one reason left that new mail is quarantined for.
    await deliver(buildInboundEmail({ subject: 'Too big', body: words(2_500_000, 'big') }));
    // Reasons earlier versions gave, still on disk after an upgrade.
    await deliver(
      buildInboundEmail({ subject: 'Had a NUL', body: 'a\u0000b' }),
      'Subject: had no sender\r\n\r\nwords\r\n',
      buildInboundEmail({ subject: words(3_000, 'long') }),
    );
    const oldReasons = [
      'The message contains NUL characters, which PostgreSQL cannot store as text. The raw message is kept byte for byte.',
      'The message has no sender address (no usable From or Reply-To), so there is nobody to answer.',
      'Processing failed: index row size 3056 exceeds btree version 4 maximum 2704 for index "IDX_conversation_subject_match"',
    ];
    const processed = await query(`SELECT raw_message_id AS id FROM message WHERE mailbox_id = $1 ORDER BY raw_message_id`, [mailbox.id]);
    await query(`DELETE FROM message WHERE mailbox_id = $1`, [mailbox.id]);
    await query(`DELETE FROM conversation WHERE mailbox_id = $1`, [mailbox.id]);
    for (const [index, row] of processed.entries()) await query(`UPDATE raw_message SET state = 'quarantined', reason = $2 WHERE id = $1`, [row.id, oldReasons[index]]);
    // And MIME that does not parse, as the parser reported it.
    await query(`UPDATE raw_message SET bytes = $2 WHERE id = $1`, [processed[1].id, Buffer.from('Subject: had no sender\r\nContent-Type: multipart/mixed\r\n\r\nwords\r\n')]);

    const held = await quarantined();
    expect(held.map((row) => row.reason)).toEqual([expect.stringMatching(/over the 2 MB limit/), ...oldReasons]);
    for (const row of held) {
      const forced = await admin.post(`/api/quarantine/${row.id}/force-new-conversation`);
      expect(forced.status, `${row.reason} → ${JSON.stringify(forced.body)}`).toBe(200);
    }
    expect(await quarantined()).toEqual([]);
    expect((await inbox()).map((message) => message.subject)).toEqual(['Too big', 'Had a NUL', 'had no sender', words(3_000, 'long')]);
  });
});
