import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto, ConversationListItemDto, MergeResultDto, SplitResultDto } from '../../api/src/conversations/conversations.types.js';
import type { ConversationFeedbackDto, FixReplyDto, IssueLinkDto } from '../../api/src/feedback/feedback.types.js';
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
    // The absorbed conversation's address says where it went (a link, a notification, an open tab can follow it).
    const absorbed = await client.get(`/api/conversations/${exportId}`);
    expect(absorbed.status).toBe(404);
    expect(absorbed.body.error).toEqual({ code: 'not_found', message: `This conversation was merged into #${invoiceId}.`, mergedInto: invoiceId });
    const closing = await client.patch(`/api/conversations/${exportId}`, { status: 'closed' });
    expect(closing.status).toBe(404);
    expect(closing.body.error.mergedInto).toBe(invoiceId);
    expect((await client.get(`/api/conversations/99999999`)).body.error).toEqual({ code: 'not_found', message: 'No such conversation.' });
    // The side panels of an open tab (the customer, the feedback) answer the same, so they can follow it too.
    for (const panel of ['customer', 'feedback']) {
      const answer = await client.get(`/api/conversations/${exportId}/${panel}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual({ code: 'not_found', message: `This conversation was merged into #${invoiceId}.`, mergedInto: invoiceId });
      expect((await client.get(`/api/conversations/99999999/${panel}`)).body.error).toEqual({ code: 'not_found', message: 'No such conversation.' });
      expect((await client.get(`/api/conversations/${invoiceId}/${panel}`)).status).toBe(200);
    }
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

describe('undo of a merge', () => {
  const MEMBER = { name: 'Grace Programmer', email: 'grace@wholegrain.test', password: 'another long password', access: 'member', supportRole: 'programmer', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5] };
  let member: ApiClient;
  let memberId: string;
  let refundId: string;
  let shippingId: string;
  const issueUrls = { shared: 'https://github.com/shop/app/issues/1', shippingOnly: 'https://github.com/shop/app/issues/2', refundOnly: 'https://github.com/shop/app/issues/3' };

  /** Everything a merge touches, per conversation, read without opening either (opening marks it read). */
  const stateOf = async (id: string) => {
    const row = async (viewer: ApiClient) => (await viewer.get<{ items: ConversationListItemDto[] }>(`/api/conversations?q=${encodeURIComponent('from:bo@shop.example')}`)).body.items.find((item) => item.id === id);
    const feedback = (await client.get<ConversationFeedbackDto>(`/api/conversations/${id}/feedback`)).body;
    const fixReplies = (await client.get<FixReplyDto[]>('/api/fix-replies')).body.filter((draft) => draft.conversation.id === id);
    const { rows: notifications } = await testApp.database.pool.query(`SELECT id, kind, person_id FROM notification WHERE conversation_id = $1 ORDER BY id`, [id]);
    const { rows: reads } = await testApp.database.pool.query(`SELECT person_id, read_through_message_id FROM conversation_read WHERE conversation_id = $1 ORDER BY person_id`, [id]);
    const founderRow = await row(client);
    return {
      row: founderRow ? { ...founderRow, match: undefined } : undefined,
      unread: { founder: founderRow?.unread, member: (await row(member))?.unread },
      quotes: feedback.quotes.map((quote) => quote.text).sort(),
      issues: feedback.issues.map((issue) => issue.url).sort(),
      fixReplies: fixReplies.map((draft) => `${draft.issue.url} ${draft.status}: ${draft.text}`).sort(),
      notifications,
      reads,
    };
  };

  beforeAll(async () => {
    const added = await client.post<{ id: string }>('/api/people', MEMBER);
    expect(added.status).toBe(201);
    memberId = added.body.id;
    member = new ApiClient(testApp.baseUrl);
    expect((await member.signIn(MEMBER.email, MEMBER.password)).status).toBe(200);
    await deliver(buildInboundEmail({ from: 'Bo <bo@shop.example>', messageId: '<refund-1@shop.example>', subject: 'Refund', body: 'I would like a refund for order 1001.' }));
    await deliver(buildInboundEmail({ from: 'Bo <bo@shop.example>', messageId: '<shipping-1@shop.example>', subject: 'Shipping', body: 'My parcel never arrived, tracking says lost.' }));
    const bo = await conversationsOf('bo@shop.example');
    refundId = bo.find((item) => item.subject === 'Refund')!.id;
    shippingId = bo.find((item) => item.subject === 'Shipping')!.id;

    // Read state: the founder has read the refund conversation, the member the shipping one.
    await client.get(`/api/conversations/${refundId}`);
    const shippingMail = (await member.get<ConversationDto>(`/api/conversations/${shippingId}`)).body.messages.find((message) => message.kind === 'email')!;
    // A quote from the shipping conversation; both assigned to the member (an 'assigned' notification each).
    const start = shippingMail.text.indexOf('tracking says lost');
    expect((await client.post('/api/quotes', { messageId: shippingMail.id, start, end: start + 'tracking says lost'.length })).status).toBe(201);
    for (const id of [refundId, shippingId]) expect((await client.patch(`/api/conversations/${id}`, { assigneeId: memberId })).status).toBe(200);
    // Issue links: one on both, one on each; the shared and the shipping-only issue are fixed, so fix replies are drafted.
    expect((await client.post('/api/issues', { url: issueUrls.shared, conversationIds: [refundId, shippingId] })).status).toBe(201);
    const shippingOnly = await client.post<IssueLinkDto>('/api/issues', { url: issueUrls.shippingOnly, conversationIds: [shippingId] });
    expect((await client.post('/api/issues', { url: issueUrls.refundOnly, conversationIds: [refundId] })).status).toBe(201);
    const shared = (await client.get<IssueLinkDto[]>('/api/issues')).body.find((issue) => issue.url === issueUrls.shared)!;
    for (const issue of [shared, shippingOnly.body]) expect((await client.patch(`/api/issues/${issue.id}`, { state: 'fixed' })).status).toBe(200);
    // The member edits the shipping conversation's draft for the shared issue: undo must give back that very draft.
    const draft = (await client.get<FixReplyDto[]>('/api/fix-replies')).body.find((entry) => entry.conversation.id === shippingId && entry.issue.url === issueUrls.shared)!;
    expect((await member.patch(`/api/fix-replies/${draft.id}`, { text: 'Bo, the parcel issue is fixed: a new one is on its way.' })).status).toBe(200);
  });

  it('puts back every notification, issue link (also one both had), fix reply, quote and read state', async () => {
    const before = { refund: await stateOf(refundId), shipping: await stateOf(shippingId) };
    // What the setup made, so the comparison below compares something.
    expect(before.shipping.issues).toEqual([issueUrls.shared, issueUrls.shippingOnly]);
    expect(before.refund.issues).toEqual([issueUrls.shared, issueUrls.refundOnly]);
    expect(before.shipping.fixReplies).toHaveLength(2);
    expect(before.shipping.fixReplies.some((text) => text.includes('a new one is on its way'))).toBe(true);
    expect(before.refund.fixReplies).toHaveLength(1);
    expect(before.shipping.quotes).toEqual(['tracking says lost']);
    expect(before.shipping.notifications.filter((row) => row.kind === 'assigned')).toHaveLength(1);
    expect(before.refund.notifications.filter((row) => row.kind === 'assigned')).toHaveLength(1);
    expect(before.refund.unread).toEqual({ founder: false, member: true });
    expect(before.shipping.unread).toEqual({ founder: true, member: false });

    const merged = await client.post<MergeResultDto>(`/api/conversations/${shippingId}/merge`, { otherId: refundId });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ conversationId: refundId, absorbedId: shippingId });
    const during = await stateOf(refundId);
    expect(during.issues).toEqual([issueUrls.shared, issueUrls.shippingOnly, issueUrls.refundOnly].sort());
    expect(during.quotes).toEqual(['tracking says lost']);

    expect((await client.post(`/api/merges/${merged.body.mergeId}/undo`)).status).toBe(201);
    const after = { refund: await stateOf(refundId), shipping: await stateOf(shippingId) };
    expect(after.shipping).toEqual(before.shipping);
    expect(after.refund).toEqual(before.refund);
  });

  it('counts what someone read in the merged conversation as read after undo', async () => {
    const merged = await client.post<MergeResultDto>(`/api/conversations/${refundId}/merge`, { otherId: shippingId });
    expect(merged.status).toBe(201);
    // The founder opens the merged conversation: the shipping mail is in front of them now.
    expect((await client.get(`/api/conversations/${refundId}`)).status).toBe(200);
    expect((await client.post(`/api/merges/${merged.body.mergeId}/undo`)).status).toBe(201);
    expect((await stateOf(shippingId)).unread).toEqual({ founder: false, member: false });
    expect((await stateOf(refundId)).unread).toEqual({ founder: false, member: true });
  });

  it('sends an absorbed conversation’s address on to the last survivor of a chain, and back when the later merge is undone', async () => {
    await deliver(buildInboundEmail({ from: 'Bo <bo@shop.example>', messageId: '<label-1@shop.example>', subject: 'Label', body: 'Can you send the return label again?' }));
    const labelId = (await conversationsOf('bo@shop.example')).find((item) => item.subject === 'Label')!.id;
    expect((await client.post(`/api/conversations/${shippingId}/merge`, { otherId: labelId })).status).toBe(201);
    expect((await client.get(`/api/conversations/${labelId}`)).body.error.mergedInto).toBe(shippingId);
    const second = await client.post<MergeResultDto>(`/api/conversations/${shippingId}/merge`, { otherId: refundId });
    expect(second.body).toMatchObject({ conversationId: refundId, absorbedId: shippingId });
    expect((await client.get(`/api/conversations/${labelId}`)).body.error.mergedInto).toBe(refundId);
    expect((await client.post(`/api/merges/${second.body.mergeId}/undo`)).status).toBe(201);
    expect((await client.get(`/api/conversations/${labelId}`)).body.error.mergedInto).toBe(shippingId);
    expect(await thread(shippingId)).toEqual(['My parcel never arrived, tracking says lost.', 'Can you send the return label again?']);
  });
});
