import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto, ConversationListItemDto } from '../../api/src/conversations/conversations.types.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox, testAdmin } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const BO = { name: 'Bo Designer', email: 'bo@wholegrain.test', password: 'another long password' };

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let ada: ApiClient;
let bo: ApiClient;

beforeAll(async () => {
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp()]);
  ada = new ApiClient(testApp.baseUrl);
  expect((await ada.setup(FOUNDER)).status).toBe(201);
  await testApp.app
    .get(PeopleService)
    .create({ ...BO, access: 'member', supportRole: 'designer', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(testApp), null);
  bo = new ApiClient(testApp.baseUrl);
  expect((await bo.signIn(BO.email, BO.password)).status).toBe(200);
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function mailboxFor(user: string): Promise<{ mailbox: Mailbox; deliver: (raw: string) => Promise<void> }> {
  const mailbox = await createTestMailbox(testApp, dovecot, user, {
    address: `${user}@acme.example`,
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  const deliver = async (raw: string) => {
    await dovecot.deliver(user, [raw]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  return { mailbox, deliver };
}

const listed = async (client: ApiClient, mailbox: Mailbox, status = 'open,pending,closed'): Promise<ConversationListItemDto[]> =>
  (await client.get(`/api/conversations?mailbox=${mailbox.id}&status=${status}`)).body.items;
const open = async (client: ApiClient, id: string) => (await client.get<ConversationDto>(`/api/conversations/${id}`)).body;

describe('answered vs waiting', () => {
  it('moves a conversation to pending after a reply by default; "keep open" and "close" when chosen; a customer answer reopens it', async () => {
    const { mailbox, deliver } = await mailboxFor('answered');
    await deliver(buildInboundEmail({ from: 'Ana <ana@customer.example>', subject: 'One', messageId: '<one@customer.example>' }));
    await deliver(buildInboundEmail({ from: 'Ben <ben@customer.example>', subject: 'Two' }));
    await deliver(buildInboundEmail({ from: 'Cy <cy@customer.example>', subject: 'Three' }));
    const bySubject = Object.fromEntries((await listed(ada, mailbox)).map((item) => [item.subject, item]));

    const one = await open(ada, bySubject.One!.id);
    const reply = await ada.post(`/api/conversations/${one.id}/replies`, { text: 'We are on it.', seenVersion: one.version });
    expect(reply.status).toBe(201);
    expect(reply.body.conversation.status).toBe('pending');
    expect(reply.body.conversation.messages.at(-1)).toMatchObject({ kind: 'activity', text: `${FOUNDER.name} replied and marked the conversation pending.` });

    const two = await open(ada, bySubject.Two!.id);
    expect((await ada.post(`/api/conversations/${two.id}/replies`, { text: 'Looking.', seenVersion: two.version, after: 'open' })).body.conversation.status).toBe('open');
    const three = await open(ada, bySubject.Three!.id);
    expect((await ada.post(`/api/conversations/${three.id}/replies`, { text: 'Done.', seenVersion: three.version, after: 'closed' })).body.conversation.status).toBe('closed');
    expect((await ada.post(`/api/conversations/${three.id}/replies`, { text: 'x', seenVersion: three.version, after: 'later' })).status).toBe(400);

    // The replies go out through the real SMTP receiver; the customer's answer to ours reopens the pending one.
    await testApp.app.get(OutboxWorker).runOnce();
    const toAna = smtp.received.find((mail) => mail.to.includes('ana@customer.example'))!;
    await deliver(buildInboundEmail({ from: 'Ana <ana@customer.example>', subject: 'Re: One', inReplyTo: header(toAna.raw, 'Message-ID')!, body: 'Thanks, still broken.' }));
    expect((await open(ada, one.id)).status).toBe('open');
  });

  it('follows the mailbox setting (stay open, closed) when the person does not choose', async () => {
    const { mailbox, deliver } = await mailboxFor('stayopen');
    expect((await ada.patch(`/api/mailboxes/${mailbox.id}`, { afterReply: 'open' })).body.afterReply).toBe('open');
    await deliver(buildInboundEmail({ from: 'Dee <dee@customer.example>', subject: 'Four' }));
    const [item] = await listed(ada, mailbox);
    const four = await open(ada, item!.id);
    expect((await ada.post(`/api/conversations/${four.id}/replies`, { text: 'Hello.', seenVersion: four.version })).body.conversation.status).toBe('open');
    expect((await ada.patch(`/api/mailboxes/${mailbox.id}`, { afterReply: 'closed' })).body.afterReply).toBe('closed');
    const again = await open(ada, four.id);
    expect((await ada.post(`/api/conversations/${four.id}/replies`, { text: 'Bye.', seenVersion: again.version })).body.conversation.status).toBe('closed');
    expect((await ada.patch(`/api/mailboxes/${mailbox.id}`, { afterReply: 'sometimes' })).status).toBe(400);
  });

  it('marks who spoke last and, per person, customer mail not yet opened', async () => {
    const { mailbox, deliver } = await mailboxFor('unread');
    await deliver(buildInboundEmail({ from: 'Eve <eve@customer.example>', subject: 'Five', messageId: '<five@customer.example>' }));
    let [item] = await listed(ada, mailbox);
    expect(item).toMatchObject({ unread: true, lastReplyAt: null });
    expect(item!.waitingSince).not.toBeNull();

    const five = await open(ada, item!.id);
    [item] = await listed(ada, mailbox);
    expect(item!.unread).toBe(false);
    expect((await listed(bo, mailbox))[0]!.unread).toBe(true);

    await ada.post(`/api/conversations/${five.id}/replies`, { text: 'Answered.', seenVersion: five.version, after: 'open' });
    [item] = await listed(ada, mailbox);
    expect(item!.waitingSince).toBeNull();
    expect(item!.lastReplyAt).not.toBeNull();

    await deliver(buildInboundEmail({ from: 'Eve <eve@customer.example>', subject: 'Re: Five', inReplyTo: '<five@customer.example>', body: 'One more thing.' }));
    [item] = await listed(ada, mailbox);
    expect(item!.unread).toBe(true);
    expect(new Date(item!.waitingSince!).getTime()).toBeGreaterThan(new Date(item!.lastReplyAt!).getTime() - 1000);
    await open(ada, five.id);
    expect((await listed(ada, mailbox))[0]!.unread).toBe(false);
    expect((await listed(bo, mailbox))[0]!.unread).toBe(true);
  });
});
