import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDto, UndoneReplyDto } from '../../api/src/conversations/conversations.types.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { UndoSendService } from '../../api/src/replies/undo-send.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let client: ApiClient;
let outbox: OutboxWorker;
const clock = new TestClock(new Date());
const later = (seconds: number) => {
  clock.instant = new Date(clock.instant.getTime() + seconds * 1000);
};
const MEMBER = { name: 'Grace Programmer', email: 'grace@wholegrain.test', password: 'another horse battery', access: 'member', supportRole: 'programmer', timeZone: 'Europe/Paris' };

beforeAll(async () => {
  // The instance default is 10 seconds, as in production (the harness sets 0 for the other tests).
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp({ clock, config: { undoSendSeconds: 10 } })]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  expect((await client.put('/api/people/me/signature', { signature: 'Ada, Acme' })).status).toBe(200);
  expect((await client.post('/api/people', MEMBER)).status).toBe(201);
  outbox = testApp.app.get(OutboxWorker);
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});
beforeEach(() => {
  smtp.received.length = 0;
});

async function conversationWith(user: string): Promise<ConversationDto> {
  const mailbox = await createTestMailbox(testApp, dovecot, user, {
    address: `${user}@acme.example`,
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  await dovecot.deliver(user, [buildInboundEmail()]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
  return (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
}
const reload = async (id: string) => (await client.get<ConversationDto>(`/api/conversations/${id}`)).body;
const replies = (conversation: ConversationDto) => conversation.messages.filter((message) => message.direction === 'out' && message.kind === 'email');
const upload = (name: string, type: string, bytes: Uint8Array) => client.request('POST', `/api/uploads?name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`, bytes);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('undo send', () => {
  it('holds a reply for 10 seconds by default: not sent, and undo gives back the exact draft, recipients and files', async () => {
    const conversation = await conversationWith('undo');
    expect(conversation.status).toBe('open');
    const pdf = randomBytes(50 * 1024);
    const file = await upload('Quote 12.pdf', 'application/pdf', pdf);
    const text = 'Hi Carla,\n\nthe **fix** is live — could you try again?  \n';
    const sent = await client.post(`/api/conversations/${conversation.id}/replies`, {
      text,
      seenVersion: conversation.version,
      to: ['carla@customer.example'],
      cc: ['boss@customer.example'],
      bcc: ['books@acme.example'],
      attachmentIds: [file.body.id],
    });
    expect(sent.status).toBe(201);
    expect(Date.parse(sent.body.sendAfter) - clock.instant.getTime()).toBe(10_000);
    const held = replies(sent.body.conversation)[0]!;
    expect(held.send).toMatchObject({ status: 'held', sendAfter: sent.body.sendAfter });
    expect(sent.body.conversation.status).toBe('pending');

    // Not due yet: the outbox sends nothing.
    later(5);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);

    const undone = await client.post<UndoneReplyDto>(`/api/messages/${held.id}/undo`, {});
    expect(undone.status).toBe(200);
    // The words as typed (no signature added), the recipients and the file.
    expect(undone.body.draft).toMatchObject({ text, to: ['carla@customer.example'], cc: ['boss@customer.example'], bcc: ['books@acme.example'] });
    expect(undone.body.draft.attachments).toEqual([expect.objectContaining({ filename: 'Quote 12.pdf', contentType: 'application/pdf', size: pdf.length })]);
    // The conversation is as before the reply: no reply, open again, no "replied and …" entry.
    expect(replies(undone.body.conversation)).toHaveLength(0);
    expect(undone.body.conversation.status).toBe('open');
    expect(undone.body.conversation.messages.filter((message) => message.kind === 'activity')).toHaveLength(0);

    // Long after: still nothing sent.
    later(60);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect((await client.post(`/api/messages/${held.id}/undo`, {})).status).toBe(404);

    // Sent again from the restored draft (the returned upload), it goes out once with the same bytes.
    const again = await client.post(`/api/conversations/${conversation.id}/replies`, {
      text: undone.body.draft.text,
      seenVersion: undone.body.conversation.version,
      to: undone.body.draft.to,
      attachmentIds: undone.body.draft.attachments.map((attachment) => attachment.id),
    });
    expect(again.status).toBe(201);
    later(11);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const raw = smtp.received[0]!.raw.toString();
    expect(raw).toContain('Content-Type: application/pdf; name="Quote 12.pdf"');
    const base64 = /filename="Quote 12\.pdf"\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--/.exec(raw)?.[1] ?? '';
    expect(sha256(Buffer.from(base64.replace(/\r\n/g, ''), 'base64'))).toBe(sha256(pdf));
    expect(replies(await reload(conversation.id))[0]!.send).toMatchObject({ status: 'sent' });
  });

  it('is too late once the reply went to the outbox, and only for its author', async () => {
    const conversation = await conversationWith('too-late');
    const sent = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'On its way.', seenVersion: conversation.version });
    const id = replies(sent.body.conversation)[0]!.id;

    const grace = new ApiClient(testApp.baseUrl);
    expect((await grace.signIn(MEMBER.email, MEMBER.password)).status).toBe(200);
    const notHers = await grace.post(`/api/messages/${id}/undo`, {});
    expect(notHers.status).toBe(403);
    expect(notHers.body.error.message).toContain('Only the person who wrote');

    later(10);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const late = await client.post(`/api/messages/${id}/undo`, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('Too late to undo');
    expect(smtp.received).toHaveLength(1);
  });

  it('sends at once with 0 seconds, chosen in the profile (0 to 30)', async () => {
    expect((await client.patch('/api/me', { undoSendSeconds: 31 })).status).toBe(400);
    const me = await client.patch('/api/me', { undoSendSeconds: 0 });
    expect(me.status).toBe(200);
    expect(me.body.undoSendSeconds).toBe(0);
    expect((await client.get('/api/me/undo-send')).body).toEqual({ own: 0, teamDefault: 10, seconds: 0 });
    try {
      const conversation = await conversationWith('at-once');
      const sent = await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Right away.', seenVersion: conversation.version });
      expect(sent.body.sendAfter).toBeUndefined();
      expect(replies(sent.body.conversation)[0]!.send).toMatchObject({ status: 'queued' });
      expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    } finally {
      expect((await client.patch('/api/me', { undoSendSeconds: null })).body.undoSendSeconds).toBeNull();
      expect((await client.get('/api/me/undo-send')).body).toEqual({ own: null, teamDefault: 10, seconds: 10 });
    }
  });

  it('never sends a reply undone at the instant it falls due, and always sends one not undone (release and undo race)', async () => {
    const conversation = await conversationWith('race');
    const undoSend = testApp.app.get(UndoSendService);
    const author = (await client.get('/api/session')).body.person as { id: string };
    const outcomes: ('undone' | 'sent')[] = [];
    let version = conversation.version;
    for (let round = 0; round < 8; round += 1) {
      const sent = await client.post(`/api/conversations/${conversation.id}/replies`, { text: `Round ${round}`, seenVersion: version, after: 'open' });
      expect(sent.status).toBe(201);
      const id = sent.body.messageId as string;
      later(10);
      // The outbox (releasing and sending) and the author's undo at the same moment, on separate connections.
      const [undo] = await Promise.allSettled([undoSend.undo(id, author), outbox.runOnce()]);
      outcomes.push(undo.status === 'fulfilled' ? 'undone' : 'sent');
      if (undo.status === 'rejected') expect(String(undo.reason)).toContain('Too late to undo');
      await outbox.runOnce();
      version = (await reload(conversation.id)).version;
    }
    // Exactly the replies not undone reached the receiver, each once.
    const delivered = smtp.received.map((mail) => /Round (\d)/.exec(mail.raw.toString())?.[1]);
    const expected = outcomes.flatMap((outcome, round) => (outcome === 'sent' ? [String(round)] : []));
    expect(delivered.sort()).toEqual(expected);
    const left = replies(await reload(conversation.id));
    expect(left.map((message) => message.text.split('\n')[0])).toEqual(expected.map((round) => `Round ${round}`));
    expect(left.every((message) => message.send?.status === 'sent')).toBe(true);
  });
});
