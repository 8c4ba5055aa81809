import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox, testAdmin } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const BO = { name: 'Bo Designer', email: 'bo@wholegrain.test', password: 'another long password' };

describe('the shared inbox, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;

  const deliver = async (...messages: string[]) => {
    await dovecot.deliver('inbox', messages);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    await testApp.app
      .get(PeopleService)
      .create({ ...BO, access: 'member', supportRole: 'designer', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(testApp), null);
    mailbox = await createTestMailbox(testApp, dovecot, 'inbox', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await deliver(
      buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Export fails', body: 'Exporting to CSV fails with a blank file.' }),
      buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', subject: 'Dark mode', body: 'Please add a dark mode, my eyes hurt at night.' }),
      buildInboundEmail({
        from: 'Carla Costa <carla@customer.example>',
        subject: 'Re: Calendar sync',
        body: 'It still drops the events from yesterday — every single time.\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Help <help@acme.example> wrote:\n> Could you try syncing again?\n> Thanks\n',
      }),
    );
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('lists conversations with the customer’s own words, newest first, and moves with j/k and Enter', async () => {
    const rows = page.getByTestId('conversation-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId('row-preview').allTextContents()).toEqual([
      'It still drops the events from yesterday — every single time.',
      'Please add a dark mode, my eyes hurt at night.',
      'Exporting to CSV fails with a blank file.',
    ]);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Re: Calendar sync' }).waitFor();
    expect(await rows.nth(0).getAttribute('aria-current')).toBe('true');
  });

  it('shows the new words verbatim and keeps the quoted history behind a button', async () => {
    const words = page.getByTestId('customer-words');
    expect(await words.textContent()).toBe('It still drops the events from yesterday — every single time.');
    expect(await page.getByTestId('quoted-text').count()).toBe(0);
    await page.getByRole('button', { name: 'Show quoted text' }).click();
    expect(await page.getByTestId('quoted-text').textContent()).toContain('> Could you try syncing again?');
    await page.getByRole('button', { name: 'Details' }).or(page.getByText('Details')).first().click();
    expect(await page.getByTestId('thread-rule').textContent()).toContain('new');
  });

  it('replies with r and Ctrl+Enter, signed, and shows the reply sent without a reload', async () => {
    const conversationUrl = page.url();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Signature', { exact: true }).fill('Ada, founder at Acme');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(conversationUrl);
    await page.getByRole('heading', { name: 'Re: Calendar sync' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('composer-text');
    await page.keyboard.type('Thanks Carla, we found it: the sync skipped events across midnight. Fixed now.');
    await page.keyboard.press('Control+Enter');
    const reply = page.getByTestId('our-reply');
    await reply.waitFor();
    expect(await reply.getByTestId('send-status').textContent()).toBe('Sending…');
    await testApp.app.get(OutboxWorker).runOnce();
    // The outbox marks it sent; the page learns through Server-Sent Events.
    await expect.poll(() => reply.getByTestId('send-status').textContent(), { timeout: 10_000 }).toBe('Sent');
    expect(smtp.received).toHaveLength(1);
    expect(header(smtp.received[0]!.raw, 'Subject')).toBe('Re: Calendar sync');
    expect(smtp.received[0]!.raw.toString()).toContain('Ada, founder at Acme');
    expect(await reply.locator('.reply-body').textContent()).toBe('Thanks Carla, we found it: the sync skipped events across midnight. Fixed now.\n\n-- \nAda, founder at Acme');
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('');
  });

  it('shows new mail without a reload', async () => {
    await deliver(buildInboundEmail({ from: 'Dora <dora@customer.example>', subject: 'Invoice', body: 'Where can I download my invoice?' }));
    await expect.poll(() => page.getByTestId('row-preview').allTextContents(), { timeout: 10_000 }).toContain('Where can I download my invoice?');
    expect(await page.getByTestId('conversation-row').count()).toBe(4);
  });

  it('blocks a stale send, shows what is new and keeps the draft; the draft also survives a reload', async () => {
    await page.getByTestId('conversation-row').filter({ hasText: 'Dark mode' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    await page.locator('#composer-text').fill('Dark mode is on our list.');
    await page.reload();
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    expect(await page.locator('#composer-text').inputValue()).toBe('Dark mode is on our list.');

    const conversationId = page.url().split('/').at(-1)!.split('?')[0]!;
    const raw = (await testApp.database.pool.query(`SELECT message_id_header FROM message WHERE conversation_id = $1 ORDER BY id LIMIT 1`, [conversationId])).rows[0].message_id_header;
    await deliver(buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', subject: 'Re: Dark mode', inReplyTo: raw, body: 'Also for the mobile app, please.' }));
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.getByTestId('composer-error').textContent()).toMatch(/Not sent: a new message arrived/);
    expect(await page.locator('#composer-text').inputValue()).toBe('Dark mode is on our list.');
    await page.getByText('New since you opened it').waitFor();
    expect(await page.locator('.message.is-new [data-testid="customer-words"]').textContent()).toBe('Also for the mobile app, please.');
    await page.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByTestId('our-reply').waitFor();
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('');
  });

  it('shows who else is viewing and replying', async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    try {
      await signInThroughPage(other, testApp.baseUrl, BO.email, BO.password);
      await other.goto(page.url());
      await other.getByRole('heading', { name: 'Dark mode' }).waitFor();
      await expect.poll(() => page.getByTestId('presence').textContent(), { timeout: 10_000 }).toBe('Bo Designer is viewing');
      await other.locator('#composer-text').fill('Let me answer this one');
      await expect.poll(() => page.getByTestId('presence').textContent(), { timeout: 10_000 }).toBe('Bo Designer is writing a reply');
    } finally {
      await context.close();
    }
  });

  it('closes with e, assigns with a, and lists the shortcuts with ?', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('a');
    await expect.poll(() => page.getByLabel('Assignee').inputValue()).not.toBe('');
    await page.keyboard.press('e');
    await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('closed');
    await page.getByTestId('activity').filter({ hasText: 'closed the conversation' }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
  });

  it('searches with / and highlights the matching words', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('invoice');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(1);
    expect(await page.locator('.row-preview mark').allTextContents()).toEqual(['invoice']);
  });
});
