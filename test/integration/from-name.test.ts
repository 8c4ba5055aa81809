import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let client: ApiClient;
let mailbox: Mailbox;
let conversation: ConversationDto;

beforeAll(async () => {
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp()]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  mailbox = await createTestMailbox(testApp, dovecot, 'support', {
    address: 'support@acme.example',
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  await dovecot.deliver('support', [buildInboundEmail()]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
  conversation = (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});
beforeEach(() => {
  smtp.received.length = 0;
});

/** Sends a reply and returns the raw From header and its parsed name and address, as the receiver got them. */
async function sendAndReceive(): Promise<{ raw: string; name: string; address: string }> {
  smtp.received.length = 0;
  const current = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body;
  expect((await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Hello', seenVersion: current.version, after: 'open' })).status).toBe(201);
  expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
  expect(smtp.received).toHaveLength(1);
  const parsed = await simpleParser(smtp.received[0]!.raw);
  const from = parsed.from!.value[0]!;
  return { raw: header(smtp.received[0]!.raw, 'From')!, name: from.name, address: from.address! };
}

describe('From name of replies', () => {
  it('is "person at mailbox" by default', async () => {
    expect((await client.get(`/api/mailboxes/${mailbox.id}`)).body.fromName).toBe('both');
    expect(await sendAndReceive()).toEqual({ raw: 'Ada Founder at Acme Support <support@acme.example>', name: 'Ada Founder at Acme Support', address: 'support@acme.example' });
  });

  it('is the person only, or the mailbox only, as the mailbox settings say', async () => {
    expect((await client.patch(`/api/mailboxes/${mailbox.id}`, { fromName: 'person' })).status).toBe(200);
    expect((await sendAndReceive()).raw).toBe('Ada Founder <support@acme.example>');
    expect((await client.patch(`/api/mailboxes/${mailbox.id}`, { fromName: 'mailbox' })).status).toBe(200);
    expect((await sendAndReceive()).raw).toBe('Acme Support <support@acme.example>');
    const refused = await client.patch(`/api/mailboxes/${mailbox.id}`, { fromName: 'nobody' });
    expect(refused.status).toBe(400);
    expect((await client.patch(`/api/mailboxes/${mailbox.id}`, { fromName: 'both' })).status).toBe(200);
  });

  it('encodes a non-ASCII name, and quotes specials without letting CR/LF start a header', async () => {
    expect((await client.patch('/api/me', { name: 'Ana Lúcia Ñúñez' })).status).toBe(200);
    const accented = await sendAndReceive();
    expect(accented.name).toBe('Ana Lúcia Ñúñez at Acme Support');
    expect(accented.raw).toMatch(/^=\?UTF-8\?[BQ]\?.+\?= <support@acme\.example>$/i);

    expect((await client.patch(`/api/mailboxes/${mailbox.id}`, { name: 'Acme, "Help" Desk' })).status).toBe(200);
    const quoted = await sendAndReceive();
    expect(quoted.name).toBe('Ana Lúcia Ñúñez at Acme, "Help" Desk');
    expect(quoted.address).toBe('support@acme.example');

    // A name cannot carry a line break (the API refuses or flattens it); the stored message cannot either.
    await testApp.database.pool.query(`UPDATE person SET name = $1`, ['Eve\r\nBcc: victim@evil.example']);
    const injected = await sendAndReceive();
    expect(smtp.received[0]!.to).toEqual(['carla@customer.example']);
    expect(smtp.received[0]!.raw.toString()).not.toMatch(/^Bcc:/im);
    expect(injected.address).toBe('support@acme.example');
    expect(injected.name).toContain('Eve Bcc: victim@evil.example at');
  });
});
