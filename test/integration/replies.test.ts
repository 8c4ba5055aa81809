import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
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
// Real time: Dovecot stamps delivered mail with it, and the timeline orders by arrival.
const clock = new TestClock(new Date());

beforeAll(async () => {
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp({ clock })]);
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

/** A mailbox whose replies go to the test SMTP receiver, and a customer's first message in it. */
async function conversationWith(user: string, email: string = buildInboundEmail()): Promise<{ mailbox: Mailbox; conversation: ConversationDto; deliver: (raw: string) => Promise<void> }> {
  const mailbox = await createTestMailbox(testApp, dovecot, user, {
    address: `${user}@acme.example`,
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  const deliver = async (raw: string) => {
    await dovecot.deliver(user, [raw]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  await deliver(email);
  const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
  const conversation = (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
  return { mailbox, conversation, deliver };
}

const reload = async (id: string) => (await client.get<ConversationDto>(`/api/conversations/${id}`)).body;
/** The last mail or note of a timeline (a reply is followed by its status change, an activity entry). */
const lastWritten = (conversation: ConversationDto) => conversation.messages.filter((message) => message.kind !== 'activity').at(-1);

describe('replies', () => {
  it('sends a reply that threads: Message-ID on the mailbox domain with a token, In-Reply-To, References, Re: subject', async () => {
    const { conversation } = await conversationWith(
      'threads',
      buildInboundEmail({ messageId: '<c2@customer.example>', references: '<c1@customer.example>', subject: 'Re: Calendar sync drops my events' }),
    );
    const reply = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Thanks Carla, **fixed** now.', seenVersion: conversation.version });
    expect(reply.status).toBe(201);
    const queued = lastWritten(reply.body.conversation);
    expect(queued).toMatchObject({ direction: 'out', kind: 'email', send: { status: 'queued' }, author: { name: FOUNDER.name } });

    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['carla@customer.example']);
    expect(header(mail!.raw, 'Message-ID')).toMatch(/^<wg\.[0-9a-f]{24}\.[0-9a-f]{32}@acme\.example>$/);
    expect(header(mail!.raw, 'In-Reply-To')).toBe('<c2@customer.example>');
    expect(header(mail!.raw, 'References')).toBe('<c1@customer.example> <c2@customer.example>');
    expect(header(mail!.raw, 'Subject')).toBe('Re: Calendar sync drops my events');
    expect(header(mail!.raw, 'From')).toBe('Ada Founder at Acme Support <threads@acme.example>');
    expect(mail!.raw.toString()).toContain('Thanks Carla, **fixed** now.');

    const sent = lastWritten(await reload(conversation.id))!;
    expect(sent.send).toMatchObject({ status: 'sent', attempts: 1, error: null });
    expect(sent.messageIdHeader).toBe(header(mail!.raw, 'Message-ID'));

    // A second reply gets its own Message-ID.
    const again = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'One more thing.', seenVersion: (await reload(conversation.id)).version });
    expect(again.status).toBe(201);
    await outbox.runOnce();
    expect(header(smtp.received[1]!.raw, 'Message-ID')).not.toBe(header(mail!.raw, 'Message-ID'));
  });

  it('lets no CR/LF in a subject or display name inject a header', async () => {
    const { conversation } = await conversationWith(
      'inject',
      buildInboundEmail({
        from: '=?utf-8?Q?Eve=0D=0ABcc=3A_victim=40evil=2Eexample?= <eve@customer.example>',
        subject: '=?utf-8?Q?Help=0D=0ABcc=3A_victim=40evil=2Eexample=0D=0AX-Injected=3A_yes?=',
      }),
    );
    expect((await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Hello', seenVersion: conversation.version })).status).toBe(201);
    await outbox.runOnce();
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['eve@customer.example']);
    const headers = readHeaders(mail!.raw);
    expect(headers.has('bcc')).toBe(false);
    expect(headers.has('x-injected')).toBe(false);
    expect(headers.get('subject')).toHaveLength(1);
  });

  it('retries a 421 with backoff until it is accepted, and marks a 550 failed with a resend that works', async () => {
    const { conversation } = await conversationWith('retry');
    smtp.failNext(421);
    await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'First try', seenVersion: conversation.version });
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = lastWritten(await reload(conversation.id))!;
    expect(waiting.send).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringContaining('temporary') });
    // Not due yet: nothing is sent before the backoff is over.
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock.instant = new Date(clock.instant.getTime() + 31_000);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);

    smtp.failNext(550);
    const version = (await reload(conversation.id)).version;
    await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Second reply', seenVersion: version });
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const failed = lastWritten(await reload(conversation.id))!;
    expect(failed.send).toMatchObject({ status: 'failed', error: expect.stringContaining('rejected') });

    const resent = await client.post(`/api/messages/${failed.id}/resend`);
    expect(resent.status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(header(smtp.received[1]!.raw, 'Message-ID')).toBe(failed.messageIdHeader);
  });

  it('threads the customer’s answer to our reply back into the same conversation', async () => {
    const { conversation, deliver } = await conversationWith('answer', buildInboundEmail({ subject: 'Invoice is wrong' }));
    await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Which invoice?', seenVersion: conversation.version });
    await outbox.runOnce();
    const ourId = header(smtp.received[0]!.raw, 'Message-ID')!;
    // The customer changes the subject: our token in In-Reply-To still finds the thread.
    await deliver(buildInboundEmail({ subject: 'the March one', inReplyTo: ourId, references: ourId }));
    const after = await reload(conversation.id);
    expect(after.messages.filter((message) => message.kind !== 'activity').map((message) => message.direction)).toEqual(['in', 'out', 'in']);
    expect(after.messages.at(-1)!.threadRule).toBe('token');
  });

  it('refuses a stale send with 409 and says what is new; notes count, and are never emailed', async () => {
    // The first message's id starts with 9 and the new one's with 1 and one digit more: as text "10000" sorts before "9000", as numbers after.
    const nextMessageId = (sql: string) => testApp.database.pool.query(`SELECT setval(pg_get_serial_sequence('message', 'id'), ${sql} - 1) FROM message`);
    await nextMessageId('9 * power(10, length(coalesce(max(id), 1)::text))::bigint');
    const { conversation, deliver } = await conversationWith('stale');
    await nextMessageId('power(10, length(coalesce(max(id), 1)::text))::bigint');
    await deliver(buildInboundEmail({ subject: 'Re: Calendar sync drops my events', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'Also, it happens on my phone.' }));
    const stale = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Fixed!', seenVersion: conversation.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.newMessageIds).toHaveLength(1);
    const current = await reload(conversation.id);
    expect(current.messages.find((message) => message.id === stale.body.error.newMessageIds[0])!.text).toContain('on my phone');
    expect(current.messages.filter((message) => message.direction === 'out')).toHaveLength(0);

    const note = await client.post(`/api/conversations/${conversation.id}/notes`, { text: 'I am on it — Ada' });
    expect(note.status).toBe(201);
    const afterNote = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Fixed!', seenVersion: current.version });
    expect(afterNote.status).toBe(409);
    expect(afterNote.body.error.newMessageIds).toEqual([note.body.messages.at(-1).id]);
    await outbox.runOnce();
    expect(smtp.received).toHaveLength(0);
  });
});

describe('status and assignment', () => {
  it('moves through the transition table and records each change in the timeline', async () => {
    const { conversation } = await conversationWith('status');
    const me = (await client.get('/api/session')).body.person;
    const assigned = await client.patch(`/api/conversations/${conversation.id}`, { assigneeId: me.id });
    expect(assigned.body.assignee).toEqual({ id: me.id, name: FOUNDER.name });
    const closed = await client.patch(`/api/conversations/${conversation.id}`, { status: 'closed' });
    expect(closed.body.status).toBe('closed');
    const refused = await client.patch(`/api/conversations/${conversation.id}`, { status: 'pending' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/closed conversation cannot become pending/);
    const activity = closed.body.messages.filter((message: { kind: string }) => message.kind === 'activity');
    expect(activity.map((entry: { text: string }) => entry.text)).toEqual([`${FOUNDER.name} took the conversation.`, `${FOUNDER.name} closed the conversation.`]);
    expect(activity[1].activity).toEqual({ type: 'status', from: 'open', to: 'closed', snoozedUntil: null });
    expect((await client.patch(`/api/conversations/${conversation.id}`, { assigneeId: null })).body.assignee).toBeNull();
  });

  it('wakes a snoozed conversation at its time, and when the customer writes', async () => {
    const { conversation, deliver } = await conversationWith('snooze');
    const until = new Date(clock.instant.getTime() + 3_600_000).toISOString();
    expect((await client.patch(`/api/conversations/${conversation.id}`, { status: 'snoozed' })).status).toBe(400);
    const snoozed = await client.patch(`/api/conversations/${conversation.id}`, { status: 'snoozed', snoozedUntil: until });
    expect(snoozed.body.status).toBe('snoozed');
    const service = testApp.app.get((await import('../../api/src/conversations/conversation-actions.service.js')).ConversationActionsService);
    expect(await service.wakeSnoozed()).toBe(0);
    clock.instant = new Date(clock.instant.getTime() + 3_601_000);
    expect(await service.wakeSnoozed()).toBe(1);
    const woken = await reload(conversation.id);
    expect(woken.status).toBe('open');
    expect(woken.messages.at(-1)!.activity).toMatchObject({ type: 'woke_up' });

    await client.patch(`/api/conversations/${conversation.id}`, { status: 'snoozed', snoozedUntil: new Date(clock.instant.getTime() + 86_400_000).toISOString() });
    await deliver(buildInboundEmail({ subject: 'Re: Calendar sync drops my events', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'Any news?' }));
    expect((await reload(conversation.id)).status).toBe('open');
  });
});
