import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../../api/src/common/clock.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

// Screenshots stay on disk for a person to look at (SCREENSHOT_DIR, or a folder under /tmp).
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-merge-split';

/** Real time, which the test can move forward (to be past the minute a merge can be undone). */
class MovableClock extends Clock {
  ahead = 0;
  now(): Date {
    return new Date(Date.now() + this.ahead);
  }
}

/** Pages load slowly on a busy machine: wait up to 15 s for what a person would see. */
const poll = <T,>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

const INVOICE = 'Where is the invoice for March?';
const EXPORT = 'The export is broken since the update.';
const NUDGE = 'Any news on the invoice? Our accountant is waiting.';
/** One word longer than two lines of a list row (and shorter than the API's 200-character preview). */
const LONG_WORD = `Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz${'sänderungsvorschlagsentwurf'.repeat(3)}begründung`;
const SENTENCE = 'We moved offices last week and since then nobody here receives the weekly summary mail, although all twelve of us are still listed as recipients in the settings.';

describe('merge and split in a real browser', () => {
  const clock = new MovableClock();
  let testApp: TestApp;
  let dovecot: Dovecot;
  let mailbox: Mailbox;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let api: ApiClient;
  let invoiceId: string;
  let exportId: string;
  let cyId: string;

  const deliver = async (...messages: string[]) => {
    await dovecot.deliver('inbox', messages);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  const idOf = async (subject: string) => (await api.get(`/api/conversations?q=${encodeURIComponent(`subject:"${subject}"`)}`)).body.items[0].id as string;
  const rows = (page: Page) => page.getByTestId('conversation-row');
  /** The list's subjects, sorted (the order by last activity is not what these tests are about). */
  const rowSubjects = async (page: Page) => (await rows(page).locator('.row-subject').allTextContents()).map((text) => text.replace(/\s*#\d+$/, '').trim()).sort();
  const customerWords = (page: Page) => page.getByTestId('customer-words').allTextContents();
  const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot] = await Promise.all([startTestApp({ clock }), startDovecot()]);
    api = new ApiClient(testApp.baseUrl);
    await api.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'inbox', { address: 'help@acme.example', name: 'Acme Help' });
    // One at a time, so they arrive in this order: the invoice, the export, then a nudge in the invoice thread.
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', messageId: '<invoice-1@bigcorp.example>', subject: 'Invoice for March', body: INVOICE }));
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', messageId: '<export-1@bigcorp.example>', subject: 'Export broken', body: EXPORT }));
    await deliver(
      buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', subject: 'Re: Invoice for March', inReplyTo: '<invoice-1@bigcorp.example>', references: '<invoice-1@bigcorp.example>', body: NUDGE }),
      buildInboundEmail({ from: 'Cy Young <cy@othercorp.example>', subject: 'Hello there', body: 'Someone else entirely.' }),
    );
    invoiceId = await idOf('Invoice for March');
    exportId = await idOf('Export broken');
    cyId = await idOf('Hello there');
    expect(BigInt(invoiceId)).toBeLessThan(BigInt(exportId));
    ({ browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  describe('at 1280×800', () => {
    let page: Page;
    let teammate: Page;
    beforeAll(async () => {
      page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      teammate = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      for (const each of [page, teammate]) {
        each.setDefaultTimeout(15_000);
        await signInThroughPage(each, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
      }
    });

    it('merges from the newer conversation with m: the older survives with both threads in arrival order, live elsewhere, and Undo brings both back', { timeout: 180_000 }, async () => {
      // Someone else is reading the older conversation while the merge happens.
      await teammate.goto(`${testApp.baseUrl}/inbox/open/${invoiceId}`);
      await poll(() => customerWords(teammate)).toEqual([INVOICE, NUDGE]);

      await page.goto(`${testApp.baseUrl}/inbox/open`);
      await rows(page).filter({ hasText: 'Export broken' }).getByRole('link').click();
      await page.getByRole('heading', { name: 'Export broken' }).waitFor();
      await page.keyboard.press('m');
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: `Merge #${exportId} with…` }).waitFor();
      // Only Ana's other conversation is offered, with its number, status and last activity.
      const options = dialog.getByTestId('merge-option');
      await poll(() => options.count()).toBe(1);
      expect(await options.first().textContent()).toMatch(new RegExp(`^#${invoiceId} Invoice for MarchOpen · last activity \\S.*$`));
      await page.screenshot({ path: `${SHOTS}/1280x800-merge-pick.png` });

      // Keyboard only: the first choice has focus; Space picks it, Enter continues, Enter merges.
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
      const summary = dialog.getByTestId('merge-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain(`Stays: #${invoiceId} “Invoice for March”, the older conversation.`);
      expect(await summary.textContent()).toContain(`Joins it: #${exportId} “Export broken”.`);
      expect(await page.evaluate('document.activeElement.textContent')).toBe(`Merge into #${invoiceId}`);
      await page.screenshot({ path: `${SHOTS}/1280x800-merge-confirm.png` });
      await page.keyboard.press('Enter');

      // The survivor opens, with both threads in the order the mail arrived.
      await page.waitForURL(new RegExp(`/inbox/open/${invoiceId}$`));
      await page.getByRole('heading', { name: 'Invoice for March' }).waitFor();
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
      expect(await page.getByTestId('activity').filter({ hasText: `merged #${exportId} “Export broken” into this conversation` }).count()).toBe(1);
      await poll(() => rowSubjects(page)).toEqual(['Hello there', 'Invoice for March']);
      const banner = page.getByTestId('merge-undo');
      expect(await banner.textContent()).toMatch(new RegExp(`^Merged #${exportId} “Export broken” into #${invoiceId}\\.Undo \\d+s`));
      await page.screenshot({ path: `${SHOTS}/1280x800-merge-undo.png` });

      // The teammate's open conversation and list follow without a reload.
      await poll(() => customerWords(teammate)).toEqual([INVOICE, EXPORT, NUDGE]);
      await poll(() => rowSubjects(teammate)).toEqual(['Hello there', 'Invoice for March']);

      await banner.getByRole('button', { name: /^Undo/ }).click();
      await poll(() => banner.textContent()).toBe(`Merge undone: #${exportId} “Export broken” is back on its own.✕`);
      await poll(() => customerWords(page)).toEqual([INVOICE, NUDGE]);
      await poll(() => rowSubjects(page)).toEqual(['Export broken', 'Hello there', 'Invoice for March']);
      await poll(() => customerWords(teammate)).toEqual([INVOICE, NUDGE]);
      await poll(() => rowSubjects(teammate)).toEqual(['Export broken', 'Hello there', 'Invoice for March']);
      await rows(page).filter({ hasText: 'Export broken' }).getByRole('link').click();
      await poll(() => customerWords(page)).toEqual([EXPORT]);
    });

    it('says why a merge or an undo cannot be done: another customer, or a minute gone by', { timeout: 120_000 }, async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open/${invoiceId}`);
      await page.getByRole('heading', { name: 'Invoice for March' }).waitFor();
      await page.getByRole('button', { name: 'Merge with…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: `Merge #${invoiceId} with…` }).waitFor();
      await dialog.getByLabel('Or a conversation number').fill(cyId);
      await page.keyboard.press('Enter');
      expect(await dialog.getByTestId('merge-problem').textContent()).toBe(
        `#${cyId} is from cy@othercorp.example, not ana@bigcorp.example: only conversations of the same customer can be merged.`,
      );
      await dialog.getByLabel('Or a conversation number').fill('99999');
      await page.keyboard.press('Enter');
      await poll(() => dialog.getByTestId('merge-problem').textContent()).toBe('There is no conversation #99999.');
      await page.screenshot({ path: `${SHOTS}/1280x800-merge-error.png` });
      await page.keyboard.press('Escape');
      await poll(() => dialog.count()).toBe(0);

      // Merged again, by number this time; the server's minute passes before Undo is pressed.
      await page.keyboard.press('m');
      await dialog.getByLabel('Or a conversation number').fill(`#${exportId}`);
      await page.keyboard.press('Enter');
      // Ctrl+Enter confirms, as in every dialog.
      await dialog.getByRole('button', { name: `Merge into #${invoiceId}` }).waitFor();
      await page.keyboard.press('Control+Enter');
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
      clock.ahead = 61_000;
      const banner = page.getByTestId('merge-undo');
      await banner.getByRole('button', { name: /^Undo/ }).click();
      await poll(() => banner.textContent()).toBe('Could not undo the merge: A merge can be undone for one minute; split messages out instead.✕');
      expect(await banner.getAttribute('role')).toBe('alert');
      await page.screenshot({ path: `${SHOTS}/1280x800-undo-too-late.png` });
      await banner.getByRole('button', { name: 'Dismiss' }).click();
      expect(await customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
    });

    it('answers the absorbed conversation’s address with where it went, and a link there', { timeout: 120_000 }, async () => {
      // A bookmark, a notification or an old tab: the absorbed conversation's own address.
      await page.goto(`${testApp.baseUrl}/inbox/open/${exportId}`);
      const notice = page.getByTestId('merged-notice');
      await notice.waitFor();
      expect(await notice.getByRole('heading').textContent()).toBe(`This conversation was merged into #${invoiceId}`);
      expect(await page.getByText('No such conversation').count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}/1280x800-merged-notice.png` });
      await notice.getByRole('link', { name: `Open #${invoiceId}` }).click();
      await page.waitForURL(new RegExp(`/inbox/open/${invoiceId}$`));
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
    });

    it('splits a customer message out into a new conversation, after a confirmation, and opens it', { timeout: 120_000 }, async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open/${invoiceId}`);
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
      const exportMessage = page.getByTestId('message').filter({ hasText: EXPORT });
      await exportMessage.getByRole('button', { name: 'Split into a new conversation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Split into a new conversation?' });
      expect(await dialog.getByTestId('split-summary').textContent()).toContain(`Moves: the message from Ana Alves, “Export broken”, received`);
      expect(await dialog.getByTestId('split-summary').textContent()).toContain(`Stays: everything else in #${invoiceId}.`);
      await page.screenshot({ path: `${SHOTS}/1280x800-split-confirm.png` });
      await dialog.getByRole('button', { name: 'Split it out' }).click();

      await page.waitForURL((url) => !url.pathname.endsWith(`/${invoiceId}`));
      const newId = page.url().split('/').at(-1)!;
      await page.getByRole('heading', { name: 'Export broken' }).waitFor();
      await poll(() => customerWords(page)).toEqual([EXPORT]);
      expect(await page.getByTestId('activity').filter({ hasText: `split this message out of #${invoiceId}` }).count()).toBe(1);
      // A conversation with one email has nothing to split it from.
      expect(await page.getByRole('button', { name: 'Split into a new conversation' }).count()).toBe(0);
      await poll(() => rowSubjects(page)).toContain('Export broken');
      await page.screenshot({ path: `${SHOTS}/1280x800-split-done.png` });
      await page.goto(`${testApp.baseUrl}/inbox/open/${invoiceId}`);
      await poll(() => customerWords(page)).toEqual([INVOICE, NUDGE]);
      expect(newId).not.toBe(invoiceId);
      clock.ahead = 0;
    });
  });

  describe('at 390×844', () => {
    let page: Page;
    beforeAll(async () => {
      page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })).newPage();
      page.setDefaultTimeout(15_000);
      await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    });

    it('merges, offers Undo and splits on a phone without sideways scrolling', { timeout: 120_000 }, async () => {
      exportId = await idOf('Export broken');
      await page.goto(`${testApp.baseUrl}/inbox/open/${exportId}`);
      await page.getByRole('heading', { name: 'Export broken' }).waitFor();
      await page.getByRole('button', { name: 'Merge with…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('merge-option').first().click();
      await page.screenshot({ path: `${SHOTS}/390x844-merge-pick.png` });
      expect(await overflow(page)).toBe(0);
      const option = await dialog.getByTestId('merge-option').first().boundingBox();
      expect(option!.height).toBeGreaterThanOrEqual(44);
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await page.screenshot({ path: `${SHOTS}/390x844-merge-confirm.png` });
      await dialog.getByRole('button', { name: `Merge into #${invoiceId}` }).click();
      await page.waitForURL(new RegExp(`/inbox/open/${invoiceId}$`));
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);
      const banner = page.getByTestId('merge-undo');
      await banner.waitFor();
      await page.screenshot({ path: `${SHOTS}/390x844-merge-undo.png` });
      expect(await overflow(page)).toBe(0);
      const box = await banner.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);

      // The absorbed conversation's address, on a phone: where it went, and a link that fits a thumb.
      await page.goto(`${testApp.baseUrl}/inbox/open/${exportId}`);
      const notice = page.getByTestId('merged-notice');
      await notice.waitFor();
      expect(await notice.getByRole('heading').textContent()).toBe(`This conversation was merged into #${invoiceId}`);
      await page.screenshot({ path: `${SHOTS}/390x844-merged-notice.png` });
      expect(await overflow(page)).toBe(0);
      const link = notice.getByRole('link', { name: `Open #${invoiceId}` });
      expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await link.click();
      await page.waitForURL(new RegExp(`/inbox/open/${invoiceId}$`));
      await poll(() => customerWords(page)).toEqual([INVOICE, EXPORT, NUDGE]);

      await page.getByTestId('message').filter({ hasText: EXPORT }).getByRole('button', { name: 'Split into a new conversation' }).click();
      await page.getByRole('dialog', { name: 'Split into a new conversation?' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/390x844-split-confirm.png` });
      expect(await overflow(page)).toBe(0);
      await page.getByRole('button', { name: 'Split it out' }).click();
      await page.waitForURL((url) => !url.pathname.endsWith(`/${invoiceId}`));
      await poll(() => customerWords(page)).toEqual([EXPORT]);
    });

    it('never shows part of a word in a list preview: whole words, then an ellipsis outside them', { timeout: 120_000 }, async () => {
      await deliver(
        buildInboundEmail({ from: 'Dora Lang <dora@behoerde.example>', subject: 'Ein Wort', body: LONG_WORD }),
        buildInboundEmail({ from: 'Emil Lang <emil@behoerde.example>', subject: 'Hallo', body: `Hello ${LONG_WORD}` }),
        buildInboundEmail({ from: 'Fay Moss <fay@moss.example>', subject: 'Summary mail', body: SENTENCE }),
      );
      await page.goto(`${testApp.baseUrl}/inbox/open`);
      await rows(page).filter({ hasText: 'Summary mail' }).waitFor();
      await page.waitForFunction('!document.querySelector("[data-fitting]")');
      /** What a row's preview shows: its words, everything with the ellipsis, and whether anything is clipped out of sight. */
      const preview = async (subject: string) =>
        (await page.evaluate(`(() => {
          const row = [...document.querySelectorAll('[data-testid="conversation-row"]')].find((element) => element.querySelector('.row-subject').textContent.startsWith(${JSON.stringify(subject)} + ' '));
          const element = row.querySelector('[data-testid="row-preview"]');
          return { words: element.querySelector('.preview-words').textContent, shown: element.textContent, hidden: element.scrollHeight > element.clientHeight + 1 };
        })()`)) as { words: string; shown: string; hidden: boolean };
      await page.screenshot({ path: `${SHOTS}/390x844-list-long-word.png`, fullPage: true });
      expect(await overflow(page)).toBe(0);
      // A word too long for two lines is left out whole, not shown in part.
      expect(await preview('Ein Wort')).toEqual({ words: '', shown: '…', hidden: false });
      expect(await preview('Hallo')).toEqual({ words: 'Hello', shown: 'Hello …', hidden: false });
      // A long sentence ends after a whole word that fits.
      const sentence = await preview('Summary mail');
      expect(sentence.hidden).toBe(false);
      expect(sentence.words.length).toBeGreaterThan(20);
      expect(SENTENCE.startsWith(sentence.words)).toBe(true);
      expect(SENTENCE[sentence.words.length]).toBe(' ');
      expect(sentence.shown).toBe(`${sentence.words} …`);
      // Short previews are shown whole, without an ellipsis.
      expect(await preview('Hello there')).toEqual({ words: 'Someone else entirely.', shown: 'Someone else entirely.', hidden: false });
    });
  });
});
