import { createHash, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header, readHeaders } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let client: ApiClient;
let outbox: OutboxWorker;
const clock = new TestClock(new Date());
// Small limits so the test can pass them: 1 MB a file, 1.5 MB a reply.
const FILE_LIMIT = 1024 * 1024;
const TOTAL_LIMIT = 1.5 * 1024 * 1024;

beforeAll(async () => {
  [dovecot, smtp, testApp] = await Promise.all([
    startDovecot(),
    startSmtpReceiver(),
    startTestApp({ clock, config: { replyAttachmentLimits: { fileBytes: FILE_LIMIT, totalBytes: TOTAL_LIMIT } } }),
  ]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  outbox = testApp.app.get(OutboxWorker);
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});
beforeEach(() => {
  smtp.received.length = 0;
});

async function conversationWith(user: string, email: string = buildInboundEmail({ subject: 'Export is broken' })): Promise<ConversationDto> {
  const mailbox = await createTestMailbox(testApp, dovecot, user, {
    address: `${user}@acme.example`,
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  await dovecot.deliver(user, [email]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
  return (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
}

const upload = (name: string, type: string, bytes: Uint8Array) => client.request('POST', `/api/uploads?name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`, bytes);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('attachments on replies', () => {
  it('sends uploaded files as MIME parts the receiver gets byte for byte, and shows them on our message', async () => {
    const conversation = await conversationWith('attach');
    const pdf = randomBytes(700 * 1024);
    const csv = Buffer.from('name;amount\nSociété Générale;12,50\n', 'utf8');
    const pdfUpload = await upload('Invoice 2026-11.pdf', 'application/pdf', pdf);
    expect(pdfUpload.status).toBe(201);
    expect(pdfUpload.body).toMatchObject({ filename: 'Invoice 2026-11.pdf', contentType: 'application/pdf', size: pdf.length });
    const csvUpload = await upload('relevé été.csv', 'text/csv', csv);
    expect(csvUpload.status).toBe(201);
    // Four more small files, attached in an order that is neither alphabetical nor the upload order.
    const notes = ['z notes.txt', 'b notes.txt', 'q notes.txt', 'a notes.txt'];
    const noteIds: string[] = [];
    for (const name of notes) noteIds.push((await upload(name, 'text/plain', Buffer.from(`${name}\n`))).body.id);
    const order = ['Invoice 2026-11.pdf', 'q notes.txt', 'relevé été.csv', 'z notes.txt', 'a notes.txt', 'b notes.txt'];
    const idOf = new Map([['Invoice 2026-11.pdf', pdfUpload.body.id as string], ['relevé été.csv', csvUpload.body.id as string], ...notes.map((name, index) => [name, noteIds[index]!] as [string, string])]);

    const reply = await client.post(`/api/conversations/${conversation.id}/replies`, {
      text: 'Here are the invoice and the export.',
      seenVersion: conversation.version,
      attachmentIds: order.map((name) => idOf.get(name)!),
    });
    expect(reply.status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });

    expect(smtp.received).toHaveLength(1);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.text?.trim()).toContain('Here are the invoice and the export.');
    const byName = new Map(parsed.attachments.map((attachment) => [attachment.filename, attachment]));
    // The files arrive in the order they were attached.
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(order);
    expect(sha256(byName.get('Invoice 2026-11.pdf')!.content)).toBe(sha256(pdf));
    expect(byName.get('Invoice 2026-11.pdf')!.contentType).toBe('application/pdf');
    expect(byName.get('relevé été.csv')!.content.equals(csv)).toBe(true);
    expect(byName.get('relevé été.csv')!.contentDisposition).toBe('attachment');

    // Our message in the thread lists them, stored once with their sha256, downloadable as sent.
    const after = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body;
    const ours = after.messages.filter((message) => message.direction === 'out' && message.kind === 'email').at(-1)!;
    expect(ours.attachments.map((attachment) => attachment.filename)).toEqual(order);
    const stored = ours.attachments.find((attachment) => attachment.filename === 'Invoice 2026-11.pdf')!;
    expect(stored.size).toBe(pdf.length);
    const { rows } = await testApp.database.pool.query<{ sha: string; bytes: Buffer }>(`SELECT encode(sha256, 'hex') AS sha, bytes FROM attachment WHERE id = $1`, [stored.id]);
    expect(rows[0]!.sha).toBe(sha256(pdf));
    expect(rows[0]!.bytes.equals(pdf)).toBe(true);
    expect((await testApp.database.pool.query(`SELECT count(*)::int AS n FROM reply_upload`)).rows[0].n).toBe(0);
    // The upload moved into the message: it cannot be sent a second time.
    const again = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Again', seenVersion: after.version, attachmentIds: [pdfUpload.body.id] });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/no longer waiting/);
  });

  it('refuses a file over the per-file limit and a reply over the total, with the sizes in words; nothing is sent', async () => {
    const conversation = await conversationWith('limits');
    const big = await upload('video.mp4', 'video/mp4', randomBytes(FILE_LIMIT + 1));
    expect(big.status).toBe(400);
    expect(big.body.error.message).toBe('“video.mp4” is larger than 1 MB, the most one attached file may be.');

    const first = await upload('a.bin', 'application/octet-stream', randomBytes(900 * 1024));
    const second = await upload('b.bin', 'application/octet-stream', randomBytes(900 * 1024));
    expect([first.status, second.status]).toEqual([201, 201]);
    const refused = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Two files', seenVersion: conversation.version, attachmentIds: [first.body.id, second.body.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('The attached files come to 1.8 MB; one reply may carry 1.5 MB at most.');
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const unchanged = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body;
    expect(unchanged.messages.some((message) => message.direction === 'out' && message.kind === 'email')).toBe(false);

    // Taking one out makes the reply fit.
    expect((await client.delete(`/api/uploads/${second.body.id}`)).status).toBe(204);
    const sent = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'One file', seenVersion: conversation.version, attachmentIds: [first.body.id] });
    expect(sent.status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
  });

  it('keeps one person’s uploads from another’s reply', async () => {
    const conversation = await conversationWith('owner');
    const mine = await upload('mine.txt', 'text/plain', Buffer.from('secret plan'));
    const other = new ApiClient(testApp.baseUrl);
    const invited = await client.post('/api/people', { name: 'Bo', email: 'bo@acme.example', password: 'correct horse battery staple', access: 'member', supportRole: 'programmer', timeZone: 'UTC' });
    expect(invited.status).toBe(201);
    expect((await other.signIn('bo@acme.example', 'correct horse battery staple')).status).toBe(200);
    const stolen = await other.post(`/api/conversations/${conversation.id}/replies`, { text: 'Look', seenVersion: conversation.version, attachmentIds: [mine.body.id] });
    expect(stolen.status).toBe(400);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });
});

describe('recipients of a reply', () => {
  it('defaults to the customer’s Reply-To and the conversation’s Cc; Cc and Bcc envelopes are exact and Bcc is in no header', async () => {
    const conversation = await conversationWith(
      'recipients',
      buildInboundEmail({
        from: 'Ana Alves <ana@customer.example>',
        to: 'Acme Support <recipients@acme.example>',
        cc: 'Bea Boss <bea@customer.example>, recipients@acme.example',
        headers: { 'Reply-To': 'tickets@customer.example' },
      }),
    );
    // Nothing said: the customer's Reply-To, and Bea copied as she was.
    expect((await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Looking into it.', seenVersion: conversation.version })).status).toBe(201);
    await outbox.runOnce();
    const [first] = smtp.received;
    expect(first!.from).toBe('recipients@acme.example');
    expect(first!.to).toEqual(['tickets@customer.example', 'bea@customer.example']);
    expect(header(first!.raw, 'To')).toBe('tickets@customer.example');
    expect(header(first!.raw, 'Cc')).toBe('Bea Boss <bea@customer.example>');

    // Chosen: Ana herself, an accountant in Cc, a colleague in Bcc.
    smtp.received.length = 0;
    const current = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body;
    const sent = await client.post(`/api/conversations/${conversation.id}/replies`, {
      text: 'Copying our accountant.',
      seenVersion: current.version,
      to: ['ana@customer.example'],
      cc: ['accounts@books.example', 'bea@customer.example'],
      bcc: ['lead@acme.example'],
    });
    expect(sent.status).toBe(201);
    await outbox.runOnce();
    const [second] = smtp.received;
    expect(second!.to).toEqual(['ana@customer.example', 'accounts@books.example', 'bea@customer.example', 'lead@acme.example']);
    expect(header(second!.raw, 'To')).toBe('Ana Alves <ana@customer.example>');
    expect(header(second!.raw, 'Cc')).toBe('accounts@books.example, Bea Boss <bea@customer.example>');
    const headers = readHeaders(second!.raw);
    expect(headers.has('bcc')).toBe(false);
    expect(second!.raw.toString()).not.toContain('lead@acme.example');
    // The thread shows whom it went to.
    const ours = sent.body.conversation.messages.filter((message: { direction: string; kind: string }) => message.direction === 'out' && message.kind === 'email').at(-1);
    expect(ours.to.map((address: { address: string }) => address.address)).toEqual(['ana@customer.example']);
    expect(ours.cc.map((address: { address: string }) => address.address)).toEqual(['accounts@books.example', 'bea@customer.example']);
  });

  it('refuses addresses that are not addresses, and a reply to nobody but the mailbox', async () => {
    const conversation = await conversationWith('bad-recipients');
    const wrong = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Hi', seenVersion: conversation.version, cc: ['not an address'] });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('Each recipient must be an email address');
    const self = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Hi', seenVersion: conversation.version, to: ['bad-recipients@acme.example'] });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toBe('Name at least one recipient other than this mailbox.');
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });
});
