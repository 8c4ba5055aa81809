import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import { TransactionRunner } from '../../api/src/database/transaction.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

const NEW_WORDS = 'Tack, exporten fungerar nu.\nMen summeringsraden saknas fortfarande.';
const REPLY = `${NEW_WORDS}\n\nDen mån 30 nov. 2026 kl 09:15 skrev Ada <help@acme.example>:\n\n> Försök koppla kalendern igen.\n> Ada`;
const FORWARD = 'Is this mail from you?\n\n---------- Forwarded message ---------\nFrom: Billing <billing@acme-billing.example>\nDate: Mon, Nov 30, 2026 at 9:15 AM\nSubject: Your card expires\n\nUpdate your card within 24 hours.';

describe('the customer’s new words, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let client: ApiClient;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  const conversationOf = async (email: string) => {
    const list = await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`);
    return (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
  };

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    client = new ApiClient(testApp.baseUrl);
    await client.setup(FOUNDER);
    const mailbox = await createTestMailbox(testApp, dovecot, 'words', { address: 'help@acme.example' });
    await dovecot.deliver('words', [
      buildInboundEmail({ from: 'Karla <karla@customer.example>', subject: 'Re: Export', body: REPLY }),
      buildInboundEmail({ from: 'Fia <fia@customer.example>', subject: 'Fwd: Your card expires', body: FORWARD }),
    ]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  it('shows a forwarded message whole, as the customer’s, marked forwarded', async () => {
    const conversation = await conversationOf('fia@customer.example');
    await page.goto(`${testApp.baseUrl}/inbox/open/${conversation.id}`);
    await page.getByTestId('forwarded').waitFor();
    expect(await page.getByTestId('customer-words').textContent()).toBe(FORWARD);
  });

  it('re-processes stored messages from Settings, and flags a pinned quote that now lies in the history', async () => {
    const conversation = await conversationOf('karla@customer.example');
    const message = conversation.messages[0]!;
    // What the earlier rules stored for this Swedish reply: everything, quoted history included.
    await testApp.app.get(TransactionRunner).manager.query('UPDATE message SET new_text_start = 0, new_text_end = length(text) WHERE id = $1', [message.id]);
    const history = 'Försök koppla kalendern igen.';
    const start = message.text.indexOf(history);
    expect((await client.post('/api/quotes', { messageId: message.id, start, end: start + history.length })).status).toBe(201);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Never re-processed').waitFor();
    await page.getByRole('button', { name: 'Re-process new words' }).click();
    await page.getByTestId('new-text-run').getByText(/^Done .*2 of 2 messages, 1 changed, 1 pinned quotes flagged\.$/).waitFor();

    await page.goto(`${testApp.baseUrl}/inbox/open/${conversation.id}`);
    await page.getByTestId('quote-outside-new-text').waitFor();
    expect(await page.getByTestId('customer-words').textContent()).toBe(NEW_WORDS);
  });
});
