import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto, ConversationPageDto } from '../../api/src/conversations/conversations.types.js';
import type { MailboxDto } from '../../api/src/mailboxes/mailboxes.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

describe('mailboxes and the inbox API', () => {
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let admin: ApiClient;
  let member: ApiClient;
  let mailbox: MailboxDto;

  const settings = (user: string, overrides: { imapPassword?: string } = {}) => ({
    name: `Support (${user})`,
    address: `${user}@wholegrain.test`,
    imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password: overrides.imapPassword ?? SHARED_PASSWORD },
    smtp: { host: smtp.host, port: smtp.port, tls: false, user: SMTP_USER, password: SMTP_PASSWORD },
  });

  beforeAll(async () => {
    [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp({ config: { maxMessageBytes: 1024 * 1024 } })]);
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    await admin.post('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'programmer', timeZone: 'UTC' });
    member = new ApiClient(testApp.baseUrl);
    await member.signIn('grace@wholegrain.test', 'a long first password');
    await dovecot.addUser('support', SHARED_PASSWORD);
  });
  afterAll(async () => {
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('tests a connection before saving: both servers, with a clear error for each', async () => {
    const good = await admin.post('/api/mailboxes/test-connection', settings('support'));
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ imap: { ok: true, error: null }, smtp: { ok: true, error: null } });

    const bad = await admin.post('/api/mailboxes/test-connection', {
      ...settings('support', { imapPassword: 'wrong' }),
      smtp: { host: '127.0.0.1', port: 1, tls: false, user: 'x', password: 'y' },
    });
    expect(bad.body.imap).toEqual({ ok: false, error: expect.stringMatching(/refused the user name or password/) });
    expect(bad.body.smtp).toEqual({ ok: false, error: expect.stringMatching(/Cannot reach the SMTP server at 127\.0\.0\.1:1/) });
  });

  it('lets only admins connect a mailbox, and never returns its passwords', async () => {
    expect((await member.post('/api/mailboxes', settings('support'))).status).toBe(403);
    const created = await admin.post<MailboxDto>('/api/mailboxes', settings('support'));
    expect(created.status).toBe(201);
    mailbox = created.body;
    expect(mailbox).toMatchObject({ address: 'support@wholegrain.test', folders: ['INBOX'], allowSelfSigned: false, sync: { stage: 'idle' } });
    const listed = await member.get('/api/mailboxes');
    expect(JSON.stringify([created.body, listed.body])).not.toMatch(new RegExp(`${SHARED_PASSWORD}|${SMTP_PASSWORD}|password`, 'i'));
    const audit = await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'mailbox.created'`);
    expect(JSON.stringify(audit.rows)).not.toContain(SHARED_PASSWORD);
  });

  it('syncs on demand and lists conversations with the customer’s own words as preview', async () => {
    await dovecot.deliver('support', [
      buildInboundEmail({ subject: 'First', body: 'The export button does nothing at all.\n\nOn Mon, Ada <ada@wholegrain.test> wrote:\n> Hi' }),
      readFileSync(path.join(fixtures, 'replies/gmail-plain.eml')),
    ]);
    const result = await member.post(`/api/mailboxes/${mailbox.id}/sync`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ fetched: 2, processed: 2, duplicates: 0, quarantined: 0 });

    const page = await member.get<ConversationPageDto>('/api/conversations?status=open');
    expect(page.body.items.map((item) => item.preview.text)).toEqual(
      expect.arrayContaining(['The export button does nothing at all.', "Thanks, that fixed it for the work calendar.\nThe family one still loses Tuesday's events."]),
    );
    const state = await member.get<MailboxDto>(`/api/mailboxes/${mailbox.id}`);
    expect(state.body.sync).toMatchObject({ stage: 'idle', lastError: null, progress: null });
    expect(state.body.sync.lastSuccessAt).not.toBeNull();
  });

  it('returns every message with its full text, new-words span and thread rule; the preview is an exact substring', async () => {
    const page = await member.get<ConversationPageDto>('/api/conversations');
    const item = page.body.items.find((candidate) => candidate.subject === 'First')!;
    const conversation = (await member.get<ConversationDto>(`/api/conversations/${item.id}`)).body;
    const [message] = conversation.messages;
    expect(message).toMatchObject({ direction: 'in', kind: 'email', threadRule: 'new', from: { address: 'carla@customer.example', name: 'Carla Customer' } });
    expect(message!.text.slice(message!.newText.start, message!.newText.end)).toBe('The export button does nothing at all.');
    expect(message!.text).toContain('> Hi');
    expect(message!.text).toContain(item.preview.text);
    expect(item.preview.messageId).toBe(message!.id);
  });

  it('serves the original .eml byte for byte as a download', async () => {
    const page = await member.get<ConversationPageDto>('/api/conversations');
    const gmail = page.body.items.find((candidate) => candidate.subject === 'Re: Calendar sync drops my events')!;
    const messageId = (await member.get<ConversationDto>(`/api/conversations/${gmail.id}`)).body.messages[0]!.id;
    expect((await new ApiClient(testApp.baseUrl).get(`/api/messages/${messageId}/raw`)).status).toBe(401);
    const raw = await member.request('GET', `/api/messages/${messageId}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="message-${messageId}.eml"`);
    const { rows } = await testApp.database.pool.query('SELECT r.bytes FROM raw_message r JOIN message m ON m.raw_message_id = r.id WHERE m.id = $1', [messageId]);
    expect(Buffer.from(raw.body as string, 'utf8').equals(rows[0].bytes)).toBe(true);
  });

  it('pages through conversations with a cursor, newest activity first, without repeats', async () => {
    await dovecot.deliver('support', Array.from({ length: 5 }, (_, index) => buildInboundEmail({ from: `c${index}@customer.example`, subject: `Paged ${index}` })));
    await member.post(`/api/mailboxes/${mailbox.id}/sync`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: ConversationPageDto } = await member.get<ConversationPageDto>(`/api/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    // A view (one status, or several) pages the same way: its conversations in the same order.
    const statusOf = new Map<string, string>();
    const pageThrough = async (query: string) => {
      const ids: string[] = [];
      let next: string | null = null;
      do {
        const url: string = `/api/conversations?${query}&limit=2${next ? `&cursor=${next}` : ''}`;
        const page = await member.get<ConversationPageDto>(url);
        expect(page.status).toBe(200);
        for (const item of page.body.items) statusOf.set(item.id, item.status);
        ids.push(...page.body.items.map((item) => item.id));
        next = page.body.nextCursor;
      } while (next);
      return ids;
    };
    const second = seen[1]!;
    expect((await member.patch(`/api/conversations/${second}`, { status: 'pending' })).status).toBe(200);
    const everything = await pageThrough('status=open,pending,snoozed,closed,spam,bulk');
    expect([...everything].sort()).toEqual([...seen].sort());
    expect(statusOf.get(second)).toBe('pending');
    expect(await pageThrough('status=open')).toEqual(everything.filter((id) => statusOf.get(id) === 'open'));
    expect(await pageThrough('status=pending')).toEqual([second]);
    expect(await pageThrough('status=open,pending')).toEqual(everything.filter((id) => ['open', 'pending'].includes(statusOf.get(id)!)));
    expect((await member.get('/api/conversations?status=bogus')).status).toBe(400);
  });

  it('gives the same email reaching two mailboxes one conversation in each', async () => {
    await dovecot.addUser('sales', SHARED_PASSWORD);
    const sales = (await admin.post<MailboxDto>('/api/mailboxes', settings('sales'))).body;
    const email = buildInboundEmail({ messageId: '<both@customer.example>', subject: 'To both of you', to: 'support@wholegrain.test, sales@wholegrain.test' });
    await dovecot.deliver('support', [email]);
    await dovecot.deliver('sales', [email]);
    await member.post(`/api/mailboxes/${mailbox.id}/sync`);
    await member.post(`/api/mailboxes/${sales.id}/sync`);
    const { rows } = await testApp.database.pool.query(`SELECT mailbox_id FROM conversation WHERE subject = 'To both of you' ORDER BY mailbox_id`);
    expect(rows.map((row) => row.mailbox_id).sort()).toEqual([mailbox.id, sales.id].sort());
  });

  it('files a bounce in the conversation of the message it returns', async () => {
    const page = await member.get<ConversationPageDto>('/api/conversations');
    const target = page.body.items.find((item) => item.subject === 'First')!;
    // Our outbound reply as the replies feature stores it (the sending side arrives with the inbox work).
    await testApp.database.pool.query(
      `INSERT INTO message (conversation_id, mailbox_id, direction, kind, message_id_header, message_key, subject, text, thread_rule, send_status)
       VALUES ($1, $2, 'out', 'email', '<wg.reply1@wholegrain.test>', 'wg.reply1@wholegrain.test', 'Re: First', 'We are on it.', 'new', 'sent')`,
      [target.id, mailbox.id],
    );
    const bounce = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
      'To: support@wholegrain.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce1@mx.customer.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; carla@customer.example',
      'Action: failed',
      'Status: 5.1.1',
      '--b1',
      'Content-Type: text/rfc822-headers',
      '',
      'From: support@wholegrain.test',
      'Message-ID: <wg.reply1@wholegrain.test>',
      'Subject: Re: First',
      '--b1--',
      '',
    ].join('\r\n');
    await dovecot.deliver('support', [bounce]);
    await member.post(`/api/mailboxes/${mailbox.id}/sync`);
    const conversation = (await member.get<ConversationDto>(`/api/conversations/${target.id}`)).body;
    expect(conversation.messages.map((message) => [message.kind, message.threadRule])).toContainEqual(['bounce', 'reported_message_id']);
  });

  it('shows quarantined mail to admins, who can download, retry or force it into a new conversation', async () => {
    const big = `From: carla@customer.example\r\nSubject: too big here\r\n\r\n${'Just words. '.repeat(100_000)}\r\n`;
    await dovecot.deliver('support', [big]);
    await member.post(`/api/mailboxes/${mailbox.id}/sync`);
    expect((await member.get('/api/quarantine')).status).toBe(403);
    const list = await admin.get('/api/quarantine');
    expect(list.body).toEqual([expect.objectContaining({ reason: expect.stringMatching(/over the 1 MB limit/) })]);
    const id = list.body[0].id;
    expect((await admin.request('GET', `/api/quarantine/${id}/raw`)).body).toBe(big);
    expect((await admin.post(`/api/quarantine/${id}/retry`)).body).toMatchObject({ quarantined: 1 });
    expect((await admin.get<MailboxDto>(`/api/mailboxes/${mailbox.id}`)).body.quarantined).toBe(1);
    // Forcing it in ignores the size limit (every reason can be forced: test/integration/hostile-mail.test.ts).
    const forced = await admin.post(`/api/quarantine/${id}/force-new-conversation`);
    expect(forced.status).toBe(200);
    expect((await admin.get<MailboxDto>(`/api/mailboxes/${mailbox.id}`)).body.quarantined).toBe(0);
  });

  it('stops syncing when the password is refused, says so, and resumes when an admin fixes it', async () => {
    await dovecot.addUser('locked', SHARED_PASSWORD);
    const locked = (await admin.post<MailboxDto>('/api/mailboxes', settings('locked', { imapPassword: 'stale' }))).body;
    const failed = await member.post(`/api/mailboxes/${locked.id}/sync`);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/refused the user name or password/);
    const state = (await member.get<MailboxDto>(`/api/mailboxes/${locked.id}`)).body.sync;
    expect(state).toMatchObject({ stage: 'needs_reauth', failureCount: 1, lastError: expect.stringMatching(/refused/) });
    const again = await member.post(`/api/mailboxes/${locked.id}/sync`);
    expect(again.status).toBe(409);

    const fixed = await admin.patch<MailboxDto>(`/api/mailboxes/${locked.id}`, { imap: { password: SHARED_PASSWORD } });
    expect(fixed.body.sync.stage).toBe('idle');
    expect((await member.post(`/api/mailboxes/${locked.id}/sync`)).status).toBe(200);
  });
});
