import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const WORDS = 'Sync 🔥 is broken 👩‍💻 again. 同步日历时事件重复。 Café (e\u0301) — مرحبا بالعالم. The calendar sync lost my events.';

/** Selects `words` inside the message's customer words, as a person dragging the mouse would. */
async function select(page: Page, words: string): Promise<void> {
  await page.getByTestId('customer-words').waitFor();
  await page.evaluate(`(() => {
    const container = document.querySelector('[data-testid="customer-words"]');
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const at = node.textContent.indexOf(${JSON.stringify(words)});
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + ${words.length});
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
    }
    throw new Error('words not found');
  })()`);
}

describe('feedback in a real browser: pin, theme, link, tell them', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;
  let api: ApiClient;
  let conversationId: string;

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    api = new ApiClient(testApp.baseUrl);
    await api.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'fb', {
      address: 'help@acme.example',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('fb', [buildInboundEmail({ from: 'Dee Diaz <dee@intl.example>', messageId: '<dee1@intl.example>', subject: 'Sync', body: WORDS })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    conversationId = (await api.get('/api/conversations')).body.items[0].id;
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('pins selected multibyte words with p; the API stores the same span the page selected', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/open/${conversationId}`);
    await page.getByTestId('customer-words').waitFor();
    const message = (await api.get(`/api/conversations/${conversationId}`)).body.messages[0];
    for (const words of ['🔥 is broken 👩‍💻', '同步日历时事件重复。', 'e\u0301', 'مرحبا بالعالم']) {
      // A live update re-rendering the message can clear a selection just made (the previous pin's
      // event arrives late): select again then, but never pin the same words twice.
      const pinned = async () => (await api.get(`/api/conversations/${conversationId}/feedback`)).body.quotes.some((entry: { text: string }) => entry.text === words);
      await expect
        .poll(
          async () => {
            if (await pinned()) return true;
            await select(page, words);
            await page.getByTestId('pin-box').waitFor();
            await page.locator('body').press('p');
            await page.waitForTimeout(1_000);
            return pinned();
          },
          { timeout: 40_000, interval: 50 },
        )
        .toBe(true);
      await page.getByTestId('quote').filter({ hasText: words }).waitFor();
      const quote = (await api.get(`/api/conversations/${conversationId}/feedback`)).body.quotes.find((entry: { text: string }) => entry.text === words);
      expect(quote).toBeTruthy();
      expect(quote.start).toBe(message.text.indexOf(words));
      expect(quote.end).toBe(message.text.indexOf(words) + words.length);
    }
    expect(await page.locator('[data-testid="customer-words"] mark').allTextContents()).toEqual(['🔥 is broken 👩‍💻', '同步日历时事件重复。', 'e\u0301', 'مرحبا بالعالم']);
  });

  it('keeps the words a person is selecting when a teammate’s pin arrives live and re-renders the message', async () => {
    await select(page, 'my events.');
    const message = (await api.get(`/api/conversations/${conversationId}`)).body.messages[0];
    const start = message.text.indexOf('lost');
    // A teammate pins a word just before the selection: the page highlights it live, re-rendering
    // the text the selection lies in.
    const pinned = await api.post('/api/quotes', { messageId: message.id, start, end: start + 'lost'.length });
    expect(pinned.status).toBe(201);
    await page.locator('[data-testid="customer-words"] mark', { hasText: 'lost' }).waitFor();
    expect(await page.evaluate('String(getSelection())')).toBe('my events.');
    await page.evaluate('getSelection().removeAllRanges()');
    // The teammate takes it back: the words are whole again for the next steps.
    expect((await api.delete(`/api/quotes/${pinned.body.id}`)).status).toBe(204);
    await page.locator('[data-testid="customer-words"] mark', { hasText: 'lost' }).waitFor({ state: 'detached' });
  });

  it('creates a new theme right where a quote is, from “+ theme”', async () => {
    const quote = page.getByTestId('quote').filter({ hasText: '同步日历时事件重复。' });
    await quote.getByLabel('Add a theme').selectOption('New theme…');
    await quote.getByLabel('New theme name').fill('Duplicates');
    await quote.getByRole('button', { name: 'Add' }).click();
    await quote.getByRole('link', { name: 'Duplicates' }).waitFor();
    const stored = (await api.get(`/api/conversations/${conversationId}/feedback`)).body.quotes.find((entry: { text: string }) => entry.text === '同步日历时事件重复。');
    expect(stored.themes.map((theme: { name: string }) => theme.name)).toEqual(['Duplicates']);
  });

  it('creates a theme, tags a quote from the side panel, and shows the theme page verbatim', async () => {
    await page.getByRole('link', { name: 'Feedback' }).click();
    await page.getByLabel('New theme name').fill('Calendar sync');
    await page.getByRole('button', { name: 'Create theme' }).click();
    await page.getByRole('link', { name: 'Calendar sync' }).waitFor();

    await page.goto(`${testApp.baseUrl}/inbox/open/${conversationId}`);
    await select(page, 'The calendar sync lost my events.');
    await page.getByLabel('Theme for the new quote').selectOption({ label: 'Calendar sync' });
    await page.getByRole('button', { name: /Pin quote/ }).click();
    await page.getByTestId('quote').filter({ hasText: 'The calendar sync lost my events.' }).waitFor();
    // Pinned: the panel no longer offers the same words again (that would make a duplicate).
    await expect.poll(() => page.getByRole('button', { name: /Pin quote/ }).count()).toBe(0);
    await page.getByTestId('quote').filter({ hasText: 'The calendar sync lost my events.' }).getByRole('link', { name: 'Calendar sync' }).click();
    await page.getByRole('heading', { name: 'Calendar sync' }).waitFor();
    expect(await page.getByTestId('theme-quote').locator('blockquote').allTextContents()).toEqual(['The calendar sync lost my events.']);
    expect(await page.getByTestId('theme-counts').textContent()).toContain('Customers1Companies1Quotes1');
    // Link the theme to an issue from its page.
    await page.getByLabel('Issue URL').fill('https://linear.app/acme/issue/ENG-5/calendar');
    await page.getByLabel('Issue URL').press('Enter');
    await page.getByRole('region', { name: 'Issues that fix this theme' }).getByRole('link', { name: 'https://linear.app/acme/issue/ENG-5/calendar' }).waitFor();
    // Linked: the field is empty and lets go of the keyboard, so shortcuts work again.
    await expect.poll(() => page.getByLabel('Issue URL').inputValue()).toBe('');
    expect(await page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")).not.toBe('Issue URL');
  });

  it('links the conversation to an issue in two clicks, marks it fixed, and sends the drafted reply', async () => {
    await api.post('/api/issues', { url: 'https://github.com/acme/app/issues/9', title: 'Keep events across midnight' });
    await page.goto(`${testApp.baseUrl}/inbox/open/${conversationId}`);
    await page.getByLabel('Existing issue').selectOption({ label: 'Keep events across midnight' });
    await page.getByRole('button', { name: 'Link', exact: true }).first().click();
    await page.getByTestId('linked-issue').filter({ hasText: 'Keep events across midnight' }).waitFor();

    await page.goto(`${testApp.baseUrl}/feedback/issues`);
    // What customers will read: prefilled from the title, rewritten in plain words.
    const summary = page.getByLabel('What we fixed: Keep events across midnight');
    expect(await summary.inputValue()).toBe('Keep events across midnight');
    await summary.fill('Events you add late at night stay on their day');
    await summary.press('Enter');
    await expect.poll(async () => (await api.get('/api/issues')).body[0].fixSummary).toBe('Events you add late at night stay on their day');
    await page.getByLabel('State of Keep events across midnight').selectOption('fixed');
    await page.getByRole('link', { name: /Fixed — tell them \(1\)/ }).click();
    const draft = page.getByTestId('fix-reply');
    await draft.waitFor();
    const text = await draft.locator('textarea').inputValue();
    // GitHub is not marked public: the customer never sees the internal tracker's URL.
    expect(text).toContain('“Events you add late at night stay on their day” has shipped.');
    expect(text).not.toContain('github.com');
    expect(text).toMatch(/> (The calendar sync lost my events\.|同步日历时事件重复。|مرحبا بالعالم|🔥 is broken 👩‍💻|e\u0301)/);
    // "Send all" asks once, with the count and the first reply as the customer will read it.
    await page.getByRole('button', { name: 'Send all 1…' }).click();
    const confirm = page.getByTestId('send-all-confirm');
    expect(await confirm.textContent()).toContain('Send 1 reply?');
    expect(await confirm.locator('pre').textContent()).toContain('has shipped.');
    await confirm.getByRole('button', { name: 'Send 1 reply' }).click();
    await page.getByText('Nobody to tell right now').waitFor();
    await testApp.app.get(OutboxWorker).runOnce();
    expect(smtp.received).toHaveLength(1);
    expect(header(smtp.received[0]!.raw, 'In-Reply-To')).toBe('<dee1@intl.example>');
  });

  it('previews the next digest with the customers’ words verbatim, and lets the founder opt out', async () => {
    await page.goto(`${testApp.baseUrl}/feedback/digest`);
    const content = page.getByTestId('digest-content');
    await content.getByText('The calendar sync lost my events.', { exact: true }).waitFor();
    expect(await content.locator('blockquote').allTextContents()).toContain('同步日历时事件重复。');
    const optIn = page.getByLabel('Email me the digest of customers’ words');
    expect(await optIn.isChecked()).toBe(true);
    await optIn.click();
    await page.getByText('You will not receive it.').waitFor();
    expect(await optIn.isChecked()).toBe(false);
    expect((await api.get('/api/digests/subscription')).body.enabled).toBe(false);
  });
});
