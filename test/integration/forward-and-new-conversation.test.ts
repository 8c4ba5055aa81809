import { createHash, randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDto, MessageDto, UndoneReplyDto } from '../../api/src/conversations/conversations.types.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
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

beforeAll(async () => {
  // Attachment limits small enough to cross with a few hundred KB (the default is 25 MB each and in all).
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp({ clock, config: { replyAttachmentLimits: { fileBytes: 512 * 1024, totalBytes: 640 * 1024 } } })]);
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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A customer's mail with files, as a mail client writes it (multipart/mixed, base64 parts). */
function mailWithFiles(options: { from: string; to: string; subject: string; messageId: string; body: string; files: { name: string; type: string; bytes: Buffer }[]; inReplyTo?: string }): string {
  const boundary = `b-${randomBytes(6).toString('hex')}`;
  const base64 = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    'Date: Tue, 01 Dec 2026 09:30:00 +0100',
    `Message-ID: ${options.messageId}`,
    ...(options.inReplyTo ? [`In-Reply-To: ${options.inReplyTo}`, `References: ${options.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(Buffer.from(options.body, 'utf8')),
    ...options.files.flatMap((file) => [
      `--${boundary}`,
      `Content-Type: ${file.type}; name="${file.name}"`,
      `Content-Disposition: attachment; filename="${file.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64(file.bytes),
    ]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

async function mailboxFor(user: string): Promise<Mailbox> {
  return createTestMailbox(testApp, dovecot, user, {
    address: `${user}@acme.example`,
    name: 'Acme Support',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
}

async function deliverAndSync(mailbox: Mailbox, user: string, ...emails: string[]): Promise<void> {
  await dovecot.deliver(user, emails);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
}

const conversationIn = async (mailbox: Mailbox): Promise<ConversationDto[]> => {
  const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
  return Promise.all((list.body.items as { id: string }[]).map(async (item) => (await client.get<ConversationDto>(`/api/conversations/${item.id}`)).body));
};

const emails = (conversation: ConversationDto) => conversation.messages.filter((message) => message.kind === 'email');

describe('forwarding', () => {
  const invoice = randomBytes(300 * 1024);
  const photo = randomBytes(40 * 1024);
  const contract = randomBytes(120 * 1024);
  // The customer's words with what a careless tool would "fix": leading spaces, a quoted line, a signature, accents.
  const firstWords = '  Bonjour,\n\nthe invoice for Société Générale is wrong:   the total\nshould be 12,50 €, not 125,00 €.\n> as you wrote last week\n\n-- \nAna\n';

  it('forwards one message with its attachments byte for byte to a colleague outside the tool; the customer gets nothing', async () => {
    const mailbox = await mailboxFor('fwd');
    await deliverAndSync(
      mailbox,
      'fwd',
      mailWithFiles({
        from: 'Ana Alves <ana@customer.example>',
        to: 'fwd@acme.example',
        subject: 'Invoice 2026-11 is wrong',
        messageId: '<invoice-1@customer.example>',
        body: firstWords,
        files: [
          { name: 'invoice 2026-11.pdf', type: 'application/pdf', bytes: invoice },
          { name: 'photo.jpg', type: 'image/jpeg', bytes: photo },
        ],
      }),
    );
    const [conversation] = await conversationIn(mailbox);
    const customer = emails(conversation!)[0]!;
    expect(customer.attachments.map((attachment) => attachment.filename).sort()).toEqual(['invoice 2026-11.pdf', 'photo.jpg']);

    const forwarded = await client.post(`/api/conversations/${conversation!.id}/forwards`, {
      messageId: customer.id,
      to: ['accountant@books.example'],
      cc: ['lead@partner.example'],
      note: 'Could you check this invoice before I answer?',
    });
    expect(forwarded.status).toBe(201);
    const after = forwarded.body.conversation as ConversationDto;
    // Recorded as our forward: who, to whom, when. Not an answer: the conversation still waits for us.
    const record = after.messages.find((message) => message.kind === 'forward')!;
    expect(record).toMatchObject({ direction: 'out', author: { name: FOUNDER.name }, to: [{ address: 'accountant@books.example' }], cc: [{ address: 'lead@partner.example' }] });
    expect(record.text.slice(record.newText.start, record.newText.end)).toBe('Could you check this invoice before I answer?');
    expect(record.attachments.map((attachment) => attachment.filename).sort()).toEqual(['invoice 2026-11.pdf', 'photo.jpg']);
    expect(after.status).toBe(conversation!.status);
    expect(after.status).toBe('open');

    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.from).toBe('fwd@acme.example');
    expect(mail!.to).toEqual(['accountant@books.example', 'lead@partner.example']);
    const headers = readHeaders(mail!.raw);
    expect(header(mail!.raw, 'Subject')).toBe('Fwd: Invoice 2026-11 is wrong');
    // Not threaded to the customer's mail: no In-Reply-To, no References.
    expect(headers.has('in-reply-to')).toBe(false);
    expect(headers.has('references')).toBe(false);
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.text!.startsWith('Could you check this invoice before I answer?\n\n---------- Forwarded message ----------\nFrom: Ana Alves <ana@customer.example>\n')).toBe(true);
    // The customer's words whole, exactly as stored.
    expect(customer.text).toBe(firstWords);
    expect(parsed.text).toContain(`Subject: Invoice 2026-11 is wrong\nTo: fwd@acme.example\n\n${firstWords}`);
    const files = parsed.attachments.map((attachment) => [attachment.filename, attachment.contentType, sha256(attachment.content)]).sort();
    expect(files).toEqual([
      ['invoice 2026-11.pdf', 'application/pdf', sha256(invoice)],
      ['photo.jpg', 'image/jpeg', sha256(photo)],
    ]);
    // The forward shows as sent in the thread.
    const shown = (await client.get<ConversationDto>(`/api/conversations/${conversation!.id}`)).body.messages.find((message) => message.kind === 'forward')!;
    expect(shown.send?.status).toBe('sent');
  });

  it('forwards a whole conversation: every message in order with its headers, every attachment; notes stay inside', async () => {
    const mailbox = await mailboxFor('fwdall');
    await deliverAndSync(
      mailbox,
      'fwdall',
      mailWithFiles({ from: 'Ana Alves <ana@customer.example>', to: 'fwdall@acme.example', subject: 'Contract renewal', messageId: '<renew-1@customer.example>', body: firstWords, files: [{ name: 'invoice.pdf', type: 'application/pdf', bytes: invoice }] }),
    );
    let [conversation] = await conversationIn(mailbox);
    expect((await client.post(`/api/conversations/${conversation!.id}/notes`, { text: 'Internal: she is a key account' })).status).toBe(201);
    conversation = (await client.get<ConversationDto>(`/api/conversations/${conversation!.id}`)).body;
    expect((await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'We will look at the renewal today.', seenVersion: conversation.version })).status).toBe(201);
    await outbox.runOnce();
    const secondWords = 'Thanks! Here is the signed contract.\n';
    await deliverAndSync(
      mailbox,
      'fwdall',
      mailWithFiles({
        from: 'Ana Alves <ana@customer.example>',
        to: 'fwdall@acme.example',
        subject: 'Re: Contract renewal',
        messageId: '<renew-2@customer.example>',
        inReplyTo: '<renew-1@customer.example>',
        body: secondWords,
        files: [{ name: 'contract signed.pdf', type: 'application/pdf', bytes: contract }],
      }),
    );
    [conversation] = await conversationIn(mailbox);
    expect(emails(conversation!)).toHaveLength(3);
    smtp.received.length = 0;

    const forwarded = await client.post(`/api/conversations/${conversation!.id}/forwards`, { to: ['accountant@books.example'] });
    expect(forwarded.status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['accountant@books.example']]);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.subject).toBe('Fwd: Contract renewal');
    const text = parsed.text!;
    expect(text.startsWith(`---------- Forwarded conversation #${conversation!.number} (3 messages) ----------`)).toBe(true);
    const first = text.indexOf(firstWords);
    const ours = text.indexOf('We will look at the renewal today.');
    const second = text.indexOf(secondWords);
    expect(first).toBeGreaterThan(0);
    expect(ours).toBeGreaterThan(first);
    expect(second).toBeGreaterThan(ours);
    expect(text).toContain(`From: ${FOUNDER.name} at Acme Support <fwdall@acme.example>`);
    expect(text).toContain('Subject: Re: Contract renewal\nTo: fwdall@acme.example\n\nThanks!');
    expect(text).not.toContain('key account');
    expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)]).sort()).toEqual([
      ['contract signed.pdf', sha256(contract)],
      ['invoice.pdf', sha256(invoice)],
    ]);
  });

  it('answers mail without a sender by forwarding it; a reply has nobody to go to', async () => {
    const mailbox = await mailboxFor('nosender');
    await deliverAndSync(mailbox, 'nosender', 'Subject: who wrote this?\r\nMessage-ID: <anon-1@nowhere.example>\r\n\r\nPlease call me back about order 4411.\r\n');
    const [conversation] = await conversationIn(mailbox);
    expect(conversation!.contact.email).toBe('unknown-sender@sender.invalid');
    const reply = await client.post(`/api/conversations/${conversation!.id}/replies`, { text: 'Hello?', seenVersion: conversation!.version });
    expect(reply.status).toBe(409);
    expect(reply.body.error.message).toBe('This conversation has no customer address to answer.');
    const forwarded = await client.post(`/api/conversations/${conversation!.id}/forwards`, { to: ['sales@acme.example'], note: 'No sender on this one; do you know order 4411?' });
    expect(forwarded.status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['sales@acme.example']]);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.text).toContain('From: Unknown sender <unknown-sender@sender.invalid>');
    expect(parsed.text).toContain('Please call me back about order 4411.');
  });

  it('refuses what cannot be forwarded with a clear 400/404, and sends nothing', async () => {
    const mailbox = await mailboxFor('fwdbad');
    await deliverAndSync(mailbox, 'fwdbad', buildInboundEmail({ to: 'fwdbad@acme.example', subject: 'Bad forwards' }));
    const [conversation] = await conversationIn(mailbox);
    const note = await client.post(`/api/conversations/${conversation!.id}/notes`, { text: 'a note' });
    const noteId = (note.body as ConversationDto).messages.find((message: MessageDto) => message.kind === 'note')!.id;
    const forwardNote = await client.post(`/api/conversations/${conversation!.id}/forwards`, { messageId: noteId, to: ['x@books.example'] });
    expect(forwardNote.status).toBe(404);
    const toSelf = await client.post(`/api/conversations/${conversation!.id}/forwards`, { to: ['FWDBAD@acme.example'] });
    expect(toSelf.status).toBe(400);
    expect(toSelf.body.error.message).toBe('Name at least one recipient other than this mailbox.');
    const notAnAddress = await client.post(`/api/conversations/${conversation!.id}/forwards`, { to: ['accountant'] });
    expect(notAnAddress.status).toBe(400);
    expect(JSON.stringify(notAnAddress.body)).toContain('Each recipient must be an email address');
    const nobody = await client.post(`/api/conversations/${conversation!.id}/forwards`, { to: [] });
    expect(nobody.status).toBe(400);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const unchanged = (await client.get<ConversationDto>(`/api/conversations/${conversation!.id}`)).body;
    expect(unchanged.messages.some((message) => message.kind === 'forward')).toBe(false);
  });
});

describe('a forward waits like a reply', () => {
  const upload = (name: string, type: string, bytes: Uint8Array) => client.request('POST', `/api/uploads?name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`, bytes);
  const receipt = randomBytes(200 * 1024);
  const summary = randomBytes(50 * 1024);

  it('holds a forward for the undo time; undo gives the note, recipients and own files back and nothing is sent; sent whole after the hold', async () => {
    expect((await client.patch('/api/me', { undoSendSeconds: 10 })).status).toBe(200);
    try {
      const mailbox = await mailboxFor('fwdhold');
      await deliverAndSync(
        mailbox,
        'fwdhold',
        mailWithFiles({ from: 'Ana Alves <ana@customer.example>', to: 'fwdhold@acme.example', subject: 'Refund receipt', messageId: '<receipt-1@customer.example>', body: 'Here is the receipt.\n', files: [{ name: 'receipt.pdf', type: 'application/pdf', bytes: receipt }] }),
      );
      const [conversation] = await conversationIn(mailbox);
      const customer = emails(conversation!)[0]!;
      const mine = await upload('summary.txt', 'text/plain', summary);
      expect(mine.status).toBe(201);

      const note = 'Can you refund this one?\n\nThanks';
      const forwarded = await client.post(`/api/conversations/${conversation!.id}/forwards`, {
        messageId: customer.id,
        to: ['books@partner.example'],
        cc: ['lead@partner.example'],
        note,
        attachmentIds: [mine.body.id],
      });
      expect(forwarded.status).toBe(201);
      expect(forwarded.body.sendAfter).toBe(new Date(clock.now().getTime() + 10_000).toISOString());
      const held = (forwarded.body.conversation as ConversationDto).messages.find((message) => message.kind === 'forward')!;
      expect(held.send).toMatchObject({ status: 'held', sendAfter: forwarded.body.sendAfter });
      // Held: the outbox sends nothing yet.
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);

      const undone = await client.post<UndoneReplyDto>(`/api/messages/${held.id}/undo`, {});
      expect(undone.status).toBe(200);
      expect(undone.body.draft).toMatchObject({ text: note, to: ['books@partner.example'], cc: ['lead@partner.example'], bcc: [], forward: { messageId: customer.id } });
      // The person's own file comes back (the original's copy does not: it is still on the customer's mail).
      expect(undone.body.draft.attachments).toEqual([expect.objectContaining({ filename: 'summary.txt', contentType: 'text/plain', size: summary.length })]);
      expect(undone.body.conversation.messages.some((message) => message.kind === 'forward')).toBe(false);
      expect(undone.body.conversation.messageCount).toBe(conversation!.messageCount);
      expect(emails(undone.body.conversation)[0]!.attachments.map((attachment) => attachment.filename)).toEqual(['receipt.pdf']);
      clock.instant = new Date(clock.instant.getTime() + 11_000);
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);

      // Sent again from the draft: after the hold it goes out, the original and the person's file byte for byte.
      const again = await client.post(`/api/conversations/${conversation!.id}/forwards`, {
        messageId: undone.body.draft.forward!.messageId!,
        to: undone.body.draft.to,
        cc: undone.body.draft.cc,
        note: undone.body.draft.text,
        attachmentIds: undone.body.draft.attachments.map((attachment) => attachment.id),
      });
      expect(again.status).toBe(201);
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.instant = new Date(clock.instant.getTime() + 10_001);
      expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(smtp.received.map((mail) => mail.to)).toEqual([['books@partner.example', 'lead@partner.example']]);
      const parsed = await simpleParser(smtp.received[0]!.raw);
      expect(parsed.text!.startsWith('Can you refund this one?\n\nThanks\n\n---------- Forwarded message ----------')).toBe(true);
      expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)]).sort()).toEqual([
        ['receipt.pdf', sha256(receipt)],
        ['summary.txt', sha256(summary)],
      ]);
      const late = await client.post(`/api/messages/${again.body.messageId}/undo`, {});
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe('Too late to undo: the forward has already gone to the outbox.');
    } finally {
      expect((await client.patch('/api/me', { undoSendSeconds: null })).status).toBe(200);
    }
  });

  it('checks the forwarded originals against the attachment limits before anything is queued', async () => {
    const mailbox = await mailboxFor('fwdsize');
    const scan = randomBytes(520 * 1024);
    const [partOne, partTwo] = [randomBytes(300 * 1024), randomBytes(300 * 1024)];
    await deliverAndSync(
      mailbox,
      'fwdsize',
      mailWithFiles({ from: 'Bo <bo@customer.example>', to: 'fwdsize@acme.example', subject: 'Scan', messageId: '<scan-1@customer.example>', body: 'The scan you asked for.\n', files: [{ name: 'scan.tiff', type: 'image/tiff', bytes: scan }] }),
      mailWithFiles({
        from: 'Cy <cy@customer.example>',
        to: 'fwdsize@acme.example',
        subject: 'Two parts',
        messageId: '<parts-1@customer.example>',
        body: 'Both parts attached.\n',
        files: [
          { name: 'part 1.pdf', type: 'application/pdf', bytes: partOne },
          { name: 'part 2.pdf', type: 'application/pdf', bytes: partTwo },
        ],
      }),
    );
    const conversations = await conversationIn(mailbox);
    const scanConversation = conversations.find((entry) => entry.subject === 'Scan')!;
    const partsConversation = conversations.find((entry) => entry.subject === 'Two parts')!;

    const tooLarge = await client.post(`/api/conversations/${scanConversation.id}/forwards`, { messageId: emails(scanConversation)[0]!.id, to: ['books@partner.example'] });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.message).toBe('Not forwarded: the forwarded mail carries “scan.tiff” (520 KB), larger than 512 KB, the most one attached file may be. Share that file another way.');

    // 600 KB of originals fit (640 KB in all); 100 KB more of the person's own do not, and their file stays theirs.
    const extra = await upload('notes.txt', 'text/plain', randomBytes(100 * 1024));
    const overTotal = await client.post(`/api/conversations/${partsConversation.id}/forwards`, { to: ['books@partner.example'], attachmentIds: [extra.body.id] });
    expect(overTotal.status).toBe(400);
    expect(overTotal.body.error.message).toBe(
      'Not forwarded: the original attachments (600 KB) and your files (100 KB) come to 700 KB; one message may carry 640 KB at most. Forward fewer messages at a time (one message instead of the whole conversation).',
    );
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    for (const id of [scanConversation.id, partsConversation.id]) {
      expect((await client.get<ConversationDto>(`/api/conversations/${id}`)).body.messages.some((message) => message.kind === 'forward')).toBe(false);
    }
    expect((await client.delete(`/api/uploads/${extra.body.id}`)).status).toBe(204);

    // Within the limits, it goes.
    expect((await client.post(`/api/conversations/${partsConversation.id}/forwards`, { to: ['books@partner.example'] })).status).toBe(201);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)]).sort()).toEqual([
      ['part 1.pdf', sha256(partOne)],
      ['part 2.pdf', sha256(partTwo)],
    ]);
  });
});

describe('new conversation', () => {
  it('starts an email to a customer that goes out with our Message-ID, and their answer threads into it', async () => {
    const mailbox = await mailboxFor('newconv');
    const started = await client.post('/api/conversations', {
      mailboxId: mailbox.id,
      to: ['Dana@Customer.example'],
      subject: 'Your export is ready',
      text: 'Hi Dana,\n\nthe export you asked for is attached to your account.',
    });
    expect(started.status).toBe(201);
    const { conversationId } = started.body as { conversationId: string };
    const created = (await client.get<ConversationDto>(`/api/conversations/${conversationId}`)).body;
    // Waiting for the customer (the mailbox's after-reply default), assigned to its author, the customer as contact.
    expect(created).toMatchObject({ status: 'pending', subject: 'Your export is ready', assignee: { name: FOUNDER.name }, contact: { email: 'dana@customer.example' } });
    const ours = emails(created)[0]!;
    expect(ours.direction).toBe('out');

    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to.map((address) => address.toLowerCase())).toEqual(['dana@customer.example']);
    expect(header(mail!.raw, 'Subject')).toBe('Your export is ready');
    const messageId = header(mail!.raw, 'Message-ID');
    expect(messageId).toBe(ours.messageIdHeader);
    expect(messageId).toMatch(/^<wg\.[0-9a-f]+\.[0-9a-f]+@acme\.example>$/);
    expect(readHeaders(mail!.raw).has('in-reply-to')).toBe(false);

    // Dana answers from her mail client.
    await deliverAndSync(
      mailbox,
      'newconv',
      buildInboundEmail({
        from: 'Dana Dias <dana@customer.example>',
        to: 'newconv@acme.example',
        subject: 'Re: Your export is ready',
        inReplyTo: messageId!,
        references: messageId!,
        body: 'Got it, thank you!\n\nDana',
      }),
    );
    const all = await conversationIn(mailbox);
    expect(all).toHaveLength(1);
    const answered = all[0]!;
    expect(answered.id).toBe(conversationId);
    expect(emails(answered).map((message) => [message.direction, message.text.trim().split('\n')[0]])).toEqual([
      ['out', 'Hi Dana,'],
      ['in', 'Got it, thank you!'],
    ]);
    expect(answered.status).toBe('open');
  });

  it('waits out the undo time like a reply: nothing in the inbox meanwhile, undo gives the dialog back and nothing is sent; sent whole after the hold and threads', async () => {
    const upload = (name: string, type: string, bytes: Uint8Array) => client.request('POST', `/api/uploads?name=${encodeURIComponent(name)}&type=${encodeURIComponent(type)}`, bytes);
    const plan = randomBytes(120 * 1024);
    expect((await client.patch('/api/me', { undoSendSeconds: 10 })).status).toBe(200);
    try {
      const mailbox = await mailboxFor('newhold');
      const countsBefore = (await client.get('/api/conversations/counts')).body;
      const file = await upload('plan.pdf', 'application/pdf', plan);
      expect(file.status).toBe(201);
      const request = {
        mailboxId: mailbox.id,
        to: ['Erin@Customer.example'],
        cc: ['boss@customer.example'],
        bcc: ['audit@acme-partner.example'],
        subject: 'Quarterly onboarding plan',
        text: 'Hi Erin,\n\nthe onboarding plan is attached.',
        attachmentIds: [file.body.id as string],
      };
      const started = await client.post('/api/conversations', request);
      expect(started.status).toBe(201);
      expect(started.body.sendAfter).toBe(new Date(clock.now().getTime() + 10_000).toISOString());
      expect(started.body.messageId).toBeUndefined();
      const number = started.body.conversationId as string;

      // Held: not in the list, the counts, search or at its address; the outbox sends nothing; its file stays for undo.
      const notInInbox = async () => {
        expect(await conversationIn(mailbox)).toEqual([]);
        expect((await client.get('/api/conversations/counts')).body).toEqual(countsBefore);
        expect((await client.get(`/api/conversations?q=${encodeURIComponent('subject:onboarding')}`)).body.items).toEqual([]);
        expect((await client.get(`/api/conversations?q=${encodeURIComponent('in:replies onboarding')}`)).body.items).toEqual([]);
        expect((await client.get(`/api/conversations/${number}`)).status).toBe(404);
      };
      await notInInbox();
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);
      expect((await client.request('DELETE', `/api/uploads/${file.body.id}`)).status).toBe(404);

      const undone = await client.post(`/api/held-conversations/${number}/undo`, {});
      expect(undone.status).toBe(200);
      expect(undone.body.draft).toMatchObject({
        mailboxId: mailbox.id,
        to: ['Erin@Customer.example'],
        cc: ['boss@customer.example'],
        bcc: ['audit@acme-partner.example'],
        subject: 'Quarterly onboarding plan',
        text: request.text,
      });
      expect(undone.body.draft.attachments).toEqual([{ id: file.body.id, filename: 'plan.pdf', contentType: 'application/pdf', size: plan.length }]);
      // Past the time it would have gone: nothing was stored or sent, and it cannot be undone twice.
      clock.instant = new Date(clock.instant.getTime() + 11_000);
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(0);
      await notInInbox();
      expect((await client.post(`/api/held-conversations/${number}/undo`, {})).status).toBe(404);

      // Sent again from what came back: after the hold it is stored and goes out whole, the file byte for byte.
      const again = await client.post('/api/conversations', { ...request, to: undone.body.draft.to, attachmentIds: undone.body.draft.attachments.map((entry: { id: string }) => entry.id) });
      expect(again.status).toBe(201);
      const conversationId = again.body.conversationId as string;
      expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(await conversationIn(mailbox)).toEqual([]);
      clock.instant = new Date(clock.instant.getTime() + 10_001);
      expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail!.to.map((address) => address.toLowerCase()).sort()).toEqual(['audit@acme-partner.example', 'boss@customer.example', 'erin@customer.example']);
      const parsed = await simpleParser(mail!.raw);
      expect(parsed.subject).toBe('Quarterly onboarding plan');
      expect(parsed.text!.startsWith('Hi Erin,\n\nthe onboarding plan is attached.')).toBe(true);
      expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)])).toEqual([['plan.pdf', sha256(plan)]]);
      expect(header(mail!.raw, 'Bcc')).toBeUndefined();
      const late = await client.post(`/api/held-conversations/${conversationId}/undo`, {});
      expect(late.status).toBe(409);
      expect(late.body.error.message).toBe('Too late to undo: the email has already gone to the outbox.');
      const [stored] = await conversationIn(mailbox);
      expect(stored).toMatchObject({ id: conversationId, status: 'pending', subject: 'Quarterly onboarding plan', contact: { email: 'erin@customer.example' }, assignee: { name: FOUNDER.name } });
      expect(emails(stored!)[0]!.attachments.map((attachment) => attachment.filename)).toEqual(['plan.pdf']);
      expect((await client.get(`/api/conversations?q=${encodeURIComponent('subject:onboarding')}`)).body.items.map((item: { id: string }) => item.id)).toEqual([conversationId]);

      // Erin answers: it threads into the conversation like any other.
      const messageId = header(mail!.raw, 'Message-ID')!;
      await deliverAndSync(
        mailbox,
        'newhold',
        buildInboundEmail({ from: 'Erin Egan <erin@customer.example>', to: 'newhold@acme.example', subject: 'Re: Quarterly onboarding plan', inReplyTo: messageId, references: messageId, body: 'Looks good!' }),
      );
      const all = await conversationIn(mailbox);
      expect(all.map((conversation) => conversation.id)).toEqual([conversationId]);
      expect(emails(all[0]!).map((message) => message.direction)).toEqual(['out', 'in']);
    } finally {
      expect((await client.patch('/api/me', { undoSendSeconds: null })).status).toBe(200);
    }
  });

  it('never sends a new conversation undone at the instant it falls due, and always sends one not undone (release and undo race)', async () => {
    expect((await client.patch('/api/me', { undoSendSeconds: 5 })).status).toBe(200);
    try {
      const mailbox = await mailboxFor('newrace');
      for (let round = 0; round < 4; round += 1) {
        smtp.received.length = 0;
        const started = await client.post('/api/conversations', { mailboxId: mailbox.id, to: ['gus@customer.example'], subject: `Race ${round}`, text: 'Hello Gus' });
        expect(started.status).toBe(201);
        clock.instant = new Date(clock.instant.getTime() + 5_000);
        const [run, undo] = await Promise.all([outbox.runOnce(), client.post(`/api/held-conversations/${started.body.conversationId}/undo`, {})]);
        const listed = (await conversationIn(mailbox)).filter((conversation) => conversation.subject === `Race ${round}`);
        if (undo.status === 200) {
          expect(run.sent).toBe(0);
          expect(smtp.received).toHaveLength(0);
          expect(listed).toEqual([]);
        } else {
          expect(undo.status).toBe(409);
          expect(run.sent + (await outbox.runOnce()).sent).toBe(1);
          expect(smtp.received).toHaveLength(1);
          expect(listed.map((conversation) => conversation.id)).toEqual([started.body.conversationId]);
        }
      }
    } finally {
      expect((await client.patch('/api/me', { undoSendSeconds: null })).status).toBe(200);
    }
  });

  it('a held new conversation that cannot be stored holds up nothing: the others go out, it stays held and is tried again, its author is told', async () => {
    expect((await client.patch('/api/me', { undoSendSeconds: 5 })).status).toBe(200);
    try {
      const mailbox = await mailboxFor('newstuck');
      const start = (subject: string) => client.post('/api/conversations', { mailboxId: mailbox.id, to: ['hal@customer.example'], subject, text: `Hello Hal: ${subject}` });
      const stuck = await start('Stuck one');
      const fine = await start('Fine one');
      expect([stuck.status, fine.status]).toEqual([201, 201]);
      // A held email that can no longer be stored (here its customer's address is gone from the stored draft, which the conversation requires).
      await testApp.database.pool.query(`UPDATE held_conversation SET draft = jsonb_set(draft, '{contactEmail}', 'null') WHERE id = $1`, [stuck.body.conversationId]);
      smtp.received.length = 0;
      clock.instant = new Date(clock.instant.getTime() + 5_000);
      expect((await outbox.runOnce()).sent).toBe(1);
      const subjects = () => Promise.all(smtp.received.map(async (mail) => (await simpleParser(mail.raw)).subject));
      expect(await subjects()).toEqual(['Fine one']);
      expect((await conversationIn(mailbox)).map((conversation) => conversation.subject)).toEqual(['Fine one']);
      // Still held (nothing lost), a minute later.
      const { rows } = await testApp.database.pool.query(`SELECT send_after FROM held_conversation WHERE id = $1`, [stuck.body.conversationId]);
      expect(rows).toHaveLength(1);
      expect((rows[0].send_after as Date).getTime()).toBe(clock.now().getTime() + 60_000);
      const notifications = (await client.get('/api/notifications')).body.items as { title: string; body: string }[];
      expect(notifications.filter((item) => item.title.includes('Stuck one'))).toEqual([
        expect.objectContaining({ title: 'Your new conversation has not gone out yet: Stuck one', body: expect.stringContaining('To hal@customer.example.') }),
      ]);
      // Tried again after the minute (still failing): not before, and its author is not told twice.
      expect((await outbox.runOnce()).sent).toBe(0);
      clock.instant = new Date(clock.instant.getTime() + 60_000);
      expect((await outbox.runOnce()).sent).toBe(0);
      expect(((await client.get('/api/notifications')).body.items as { title: string }[]).filter((item) => item.title.includes('Stuck one'))).toHaveLength(1);
      // Mended, it goes out on the next try.
      await testApp.database.pool.query(`UPDATE held_conversation SET draft = jsonb_set(draft, '{contactEmail}', '"hal@customer.example"') WHERE id = $1`, [stuck.body.conversationId]);
      clock.instant = new Date(clock.instant.getTime() + 60_000);
      expect((await outbox.runOnce()).sent).toBe(1);
      expect(await subjects()).toEqual(['Fine one', 'Stuck one']);
    } finally {
      expect((await client.patch('/api/me', { undoSendSeconds: null })).status).toBe(200);
    }
  });

  it('refuses a new conversation without a subject, to nobody, or from an unknown mailbox; nothing is stored', async () => {
    const mailbox = await mailboxFor('newbad');
    const noSubject = await client.post('/api/conversations', { mailboxId: mailbox.id, to: ['dana@customer.example'], subject: '  ', text: 'Hi' });
    expect(noSubject.status).toBe(400);
    expect(JSON.stringify(noSubject.body)).toContain('Write a subject');
    const toSelf = await client.post('/api/conversations', { mailboxId: mailbox.id, to: ['newbad@acme.example'], subject: 'Hello', text: 'Hi' });
    expect(toSelf.status).toBe(400);
    const noMailbox = await client.post('/api/conversations', { mailboxId: '00000000-0000-4000-8000-000000000000', to: ['dana@customer.example'], subject: 'Hello', text: 'Hi' });
    expect(noMailbox.status).toBe(404);
    expect(await conversationIn(mailbox)).toEqual([]);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('suggests known contacts for the To field', async () => {
    const found = await client.get<{ address: string; name: string | null }[]>('/api/recipients?q=ana');
    expect(found.status).toBe(200);
    expect(found.body).toContainEqual({ address: 'ana@customer.example', name: 'Ana Alves' });
    expect((await client.get('/api/recipients?q=')).status).toBe(400);
  });
});
