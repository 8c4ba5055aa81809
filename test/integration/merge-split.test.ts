import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto, MergeResultDto, SplitResultDto } from '../../api/src/conversations/conversations.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

let dovecot: Dovecot;
let testApp: TestApp;
let client: ApiClient;
let mailbox: Mailbox;
const clock = new TestClock(new Date());

const deliver = async (...messages: string[]) => {
  await dovecot.deliver('merge', messages);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
};
const conversationsOf = async (email: string): Promise<{ id: string; subject: string }[]> =>
  (await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`)).body.items;
const conversation = async (id: string) => (await client.get<ConversationDto>(`/api/conversations/${id}`)).body;
/** The thread as a person reads it: customer emails and our replies, in order (activity entries aside). */
const thread = async (id: string) =>
  (await conversation(id)).messages.filter((message) => message.kind === 'email').map((message) => message.text.split('\n')[0]!.trim());

let invoiceId: string;
let exportId: string;
let ourReplyId: string;

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp({ clock })]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  mailbox = await createTestMailbox(testApp, dovecot, 'merge');
  // Ana's conversations become #9 and #10: as text "10" sorts before "9", as numbers #9 is the older.
  await testApp.database.pool.query(`SELECT setval(pg_get_serial_sequence('conversation', 'id'), 8)`);
  await deliver(
    buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', messageId: '<invoice-1@bigcorp.example>', subject: 'Invoice for March', date: 'Mon, 30 Nov 2026 09:00:00 +0000', body: 'Where is the invoice for March?' }),
  );
  await deliver(
    buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', messageId: '<export-1@bigcorp.example>', subject: 'Export broken', date: 'Mon, 30 Nov 2026 10:00:00 +0000', body: 'The export is broken since the update.' }),
    buildInboundEmail({ from: 'Cy <cy@othercorp.example>', subject: 'Hello', body: 'Someone else entirely.' }),
  );
  const ana = await conversationsOf('ana@bigcorp.example');
  invoiceId = ana.find((item) => item.subject === 'Invoice for March')!.id;
  exportId = ana.find((item) => item.subject === 'Export broken')!.id;
  const { version } = await conversation(exportId);
  expect((await client.post(`/api/conversations/${exportId}/replies`, { text: 'Thanks Ana, which file format do you export to?', seenVersion: version })).status).toBe(201);
  ourReplyId = (await conversation(exportId)).messages.find((message) => message.direction === 'out' && message.kind === 'email')!.messageIdHeader!;
  expect(ourReplyId).toMatch(/^<.+@.+>$/);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

describe('merge', () => {
  it('lets the older conversation absorb the newer one, both threads in arrival order, audited', async () => {
    // Asked from the newer one: the older still absorbs.
    const merged = await client.post<MergeResultDto>(`/api/conversations/${exportId}/merge`, { otherId: invoiceId });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ conversationId: invoiceId, absorbedId: exportId });
    expect(await thread(invoiceId)).toEqual(['Where is the invoice for March?', 'The export is broken since the update.', 'Thanks Ana, which file format do you export to?']);
    expect((await client.get(`/api/conversations/${exportId}`)).status).toBe(404);
    expect((await conversationsOf('ana@bigcorp.example')).map((item) => item.id)).toEqual([invoiceId]);
    const activity = (await conversation(invoiceId)).messages.filter((message) => message.kind === 'activity').map((message) => message.text);
    expect(activity).toContain(`${FOUNDER.name} merged #${exportId} “Export broken” into this conversation.`);
    const { rows } = await testApp.database.pool.query(`SELECT action, target_id, details FROM audit_event WHERE action LIKE 'conversation.%' ORDER BY id`);
    expect(rows).toEqual([{ action: 'conversation.merged', target_id: invoiceId, details: { absorbed: exportId, messages: 3, mergeId: merged.body.mergeId } }]); // the email, our reply, and its 'marked pending' entry
  });

  it('undoes within a minute: both conversations back exactly as they were', async () => {
    const merge = (await testApp.database.pool.query(`SELECT id FROM conversation_merge WHERE undone_at IS NULL`)).rows[0].id as string;
    const undone = await client.post(`/api/merges/${merge}/undo`);
    expect(undone.status).toBe(201);
    expect(await thread(invoiceId)).toEqual(['Where is the invoice for March?']);
    expect(await thread(exportId)).toEqual(['The export is broken since the update.', 'Thanks Ana, which file format do you export to?']);
    expect((await conversation(exportId)).subject).toBe('Export broken');
    expect((await conversation(invoiceId)).messages.some((message) => message.kind === 'activity' && message.text.includes('merged'))).toBe(false);
    expect((await client.post(`/api/merges/${merge}/undo`)).status).toBe(409);
    const { rows } = await testApp.database.pool.query(`SELECT action FROM audit_event WHERE action LIKE 'conversation.%' ORDER BY id`);
    expect(rows.map((row) => row.action)).toEqual(['conversation.merged', 'conversation.merge_undone']);
  });

  it('keeps both threads threading afterwards: replies to either land in the merged conversation (Dovecot)', async () => {
    const merged = await client.post<MergeResultDto>(`/api/conversations/${invoiceId}/merge`, { otherId: exportId });
    expect(merged.status).toBe(201);
    await deliver(
      // A reply to our reply in the absorbed thread (our thread token, and the customer's own first message).
      buildInboundEmail({
        from: 'Ana Alves <ana@bigcorp.example>',
        subject: 'Re: Export broken',
        inReplyTo: ourReplyId,
        references: `<export-1@bigcorp.example> ${ourReplyId}`,
        body: 'CSV, always CSV.\n\n> Thanks Ana, which file format do you export to?',
      }),
      // A reply in the older thread.
      buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', subject: 'Re: Invoice for March', inReplyTo: '<invoice-1@bigcorp.example>', references: '<invoice-1@bigcorp.example>', body: 'Found the invoice, thanks.' }),
    );
    expect((await conversationsOf('ana@bigcorp.example')).map((item) => item.id)).toEqual([invoiceId]);
    expect(await thread(invoiceId)).toEqual([
      'Where is the invoice for March?',
      'The export is broken since the update.',
      'Thanks Ana, which file format do you export to?',
      'CSV, always CSV.',
      'Found the invoice, thanks.',
    ]);
    // The new mail changed the conversation: undo now would lose track of it, so it is refused.
    expect((await client.post(`/api/merges/${merged.body.mergeId}/undo`)).status).toBe(409);
  });

  it('refuses undo after a minute, and merging another customer’s conversation or itself', async () => {
    const [cy] = await conversationsOf('cy@othercorp.example');
    const other = await client.post(`/api/conversations/${invoiceId}/merge`, { otherId: cy!.id });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toBe('Only conversations of the same customer can be merged.');
    expect((await client.post(`/api/conversations/${invoiceId}/merge`, { otherId: invoiceId })).status).toBe(400);
    expect((await client.post(`/api/conversations/${invoiceId}/merge`, { otherId: '99999999' })).status).toBe(404);

    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', subject: 'Password', body: 'How do I change my password?' }));
    const password = (await conversationsOf('ana@bigcorp.example')).find((item) => item.subject === 'Password')!;
    const merged = await client.post<MergeResultDto>(`/api/conversations/${password.id}/merge`, { otherId: invoiceId });
    expect(merged.status).toBe(201);
    clock.instant = new Date(clock.instant.getTime() + 61_000);
    const late = await client.post(`/api/merges/${merged.body.mergeId}/undo`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/one minute/);
  });
});

describe('split', () => {
  it('moves one email into a conversation of its own, and replies to it follow it there (Dovecot)', async () => {
    const before = await conversation(invoiceId);
    const exportMail = before.messages.find((message) => message.text.startsWith('The export is broken'))!;
    const split = await client.post<SplitResultDto>(`/api/messages/${exportMail.id}/split`);
    expect(split.status).toBe(201);
    const newId = split.body.conversationId;
    expect(await thread(newId)).toEqual(['The export is broken since the update.']);
    expect(await thread(invoiceId)).not.toContain('The export is broken since the update.');
    const created = await conversation(newId);
    expect(created).toMatchObject({ subject: 'Export broken', status: 'open', contact: { email: 'ana@bigcorp.example' } });

    await deliver(
      buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', subject: 'Re: Export broken', inReplyTo: '<export-1@bigcorp.example>', references: '<export-1@bigcorp.example>', body: 'Still broken today.' }),
    );
    expect(await thread(newId)).toEqual(['The export is broken since the update.', 'Still broken today.']);
    const { rows } = await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'conversation.split'`);
    expect(rows).toEqual([{ details: { messageId: exportMail.id, into: newId } }]);
  });

  it('refuses to split a note or a conversation’s only email', async () => {
    const [cy] = await conversationsOf('cy@othercorp.example');
    const only = (await conversation(cy!.id)).messages[0]!;
    const response = await client.post(`/api/messages/${only.id}/split`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/only email/);
    expect((await client.post(`/api/conversations/${invoiceId}/notes`, { text: 'Checking with billing.' })).status).toBe(201);
    const note = (await conversation(invoiceId)).messages.find((message) => message.kind === 'note')!;
    expect((await client.post(`/api/messages/${note.id}/split`)).status).toBe(400);
  });
});

