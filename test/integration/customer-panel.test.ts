import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import type { CustomerDto, CustomerNoteDto } from '../../api/src/customers/customers.types.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox, testAdmin } from '../harness/mailbox.js';

const BO = { name: 'Bo Support', email: 'bo@wholegrain.test', password: 'another long password' };

let dovecot: Dovecot;
let testApp: TestApp;
let client: ApiClient;
let bo: ApiClient;
let mailbox: Mailbox;

async function conversationsOf(email: string): Promise<ConversationDto[]> {
  const list = await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`);
  return Promise.all(list.body.items.map(async (item: { id: string }) => (await client.get<ConversationDto>(`/api/conversations/${item.id}`)).body));
}

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  await testApp.app
    .get(PeopleService)
    .create({ ...BO, access: 'member', supportRole: 'support', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(testApp), null);
  bo = new ApiClient(testApp.baseUrl);
  expect((await bo.signIn(BO.email, BO.password)).status).toBe(200);
  mailbox = await createTestMailbox(testApp, dovecot, 'customers');
  await dovecot.deliver('customers', [
    buildInboundEmail({ from: 'Élodie Martin <elodie@bigcorp.example>', subject: 'Invoice for March', body: 'Where is the invoice for March? Our accountant is waiting.' }),
    buildInboundEmail({ from: 'Élodie Martin <elodie@bigcorp.example>', subject: 'Calendar export', body: 'The calendar export drops every event made on a phone.' }),
    buildInboundEmail({ from: 'Cy <cy@gmail.com>', subject: 'Hello', body: 'Just saying hello.' }),
  ]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

describe('the customer beside the conversation', () => {
  it('names the customer, their company from the domain, their other conversations and the words pinned from them', async () => {
    const [calendar, invoice] = await conversationsOf('elodie@bigcorp.example');
    expect(calendar!.subject).toBe('Calendar export');
    const message = invoice!.messages[0]!;
    const words = 'Our accountant is waiting.';
    const start = message.text.indexOf(words);
    expect((await client.post('/api/quotes', { messageId: message.id, start, end: start + words.length })).status).toBe(201);
    expect((await client.patch(`/api/conversations/${invoice!.id}`, { status: 'closed' })).status).toBe(200);

    const response = await client.get<CustomerDto>(`/api/conversations/${calendar!.id}/customer`);
    expect(response.status).toBe(200);
    const customer = response.body;
    expect(customer.contact).toMatchObject({ name: 'Élodie Martin', email: 'elodie@bigcorp.example' });
    expect(customer.company).toBe('bigcorp.example');
    // The other conversation, not this one, with its status and last activity.
    expect(customer.conversations).toEqual([{ id: invoice!.id, number: invoice!.number, subject: 'Invoice for March', status: 'closed', lastMessageAt: expect.any(String) }]);
    expect(new Date(customer.conversations[0]!.lastMessageAt).getTime()).toBe(new Date(invoice!.lastMessageAt).getTime());
    expect(customer.more).toBe(false);
    // Pinned in the other conversation, shown beside this one, verbatim.
    expect(customer.quotes.map((quote) => quote.text)).toEqual([words]);
    expect(customer.note).toEqual({ text: '', version: 0, updatedAt: null, updatedBy: null });
  });

  it('gives no company for a free-mail address and no other conversations for a first one', async () => {
    const [hello] = await conversationsOf('cy@gmail.com');
    const customer = (await client.get<CustomerDto>(`/api/conversations/${hello!.id}/customer`)).body;
    expect(customer.company).toBeNull();
    expect(customer.conversations).toEqual([]);
    expect(customer.quotes).toEqual([]);
    expect((await client.get(`/api/conversations/999999/customer`)).status).toBe(404);
    expect((await client.get(`/api/conversations/not-a-number/customer`)).status).toBe(404);
  });

  it('shares one note per customer across the team, audited, and never overwrites a newer note unseen', async () => {
    const [calendar, invoice] = await conversationsOf('elodie@bigcorp.example');
    const contactId = (await client.get<CustomerDto>(`/api/conversations/${calendar!.id}/customer`)).body.contact.id;
    const text = 'Enterprise plan, renews in March.\nPrefers French; never call before 10:00.';
    const saved = await client.put<CustomerNoteDto>(`/api/contacts/${contactId}/note`, { text, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ text, version: 1, updatedBy: { name: FOUNDER.name } });

    // Bo sees it beside the customer's other conversation too.
    const seenByBo = (await bo.get<CustomerDto>(`/api/conversations/${invoice!.id}/customer`)).body.note;
    expect(seenByBo).toMatchObject({ text, version: 1, updatedBy: { name: FOUNDER.name } });

    // Bo edits version 1; Ada, still on version 0 in another tab, is refused and told by whom.
    expect((await bo.put(`/api/contacts/${contactId}/note`, { text: `${text}\nAsked for a discount on 2 Dec.`, version: 1 })).status).toBe(200);
    const stale = await client.put(`/api/contacts/${contactId}/note`, { text: 'Overwritten?', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed by Bo Support while you were editing/);
    const current = (await client.get<CustomerDto>(`/api/conversations/${calendar!.id}/customer`)).body.note;
    expect(current).toMatchObject({ text: `${text}\nAsked for a discount on 2 Dec.`, version: 2, updatedBy: { name: BO.name } });

    const { rows } = await testApp.database.pool.query(
      `SELECT a.action, p.name, a.details FROM audit_event a JOIN person p ON p.id = a.actor_id WHERE a.target_type = 'contact' AND a.target_id = $1 ORDER BY a.id`,
      [contactId],
    );
    expect(rows.map((row) => [row.action, row.name])).toEqual([
      ['contact.note_updated', FOUNDER.name],
      ['contact.note_updated', BO.name],
    ]);
    // The audit records that it changed, not what the team wrote about the customer.
    expect(JSON.stringify(rows)).not.toContain('Enterprise');
  });

  it('refuses a note that is too long or malformed with a clear message', async () => {
    const [calendar] = await conversationsOf('elodie@bigcorp.example');
    const contactId = (await client.get<CustomerDto>(`/api/conversations/${calendar!.id}/customer`)).body.contact.id;
    const long = await client.put(`/api/contacts/${contactId}/note`, { text: 'x'.repeat(10_001), version: 2 });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/under 10,000 characters/);
    expect((await client.put(`/api/contacts/${contactId}/note`, { text: 'no version' })).status).toBe(400);
    expect((await client.put(`/api/contacts/00000000-0000-4000-8000-000000000000/note`, { text: 'x', version: 0 })).status).toBe(404);
  });
});
