import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

// Screenshots stay on disk for a person to look at (SCREENSHOT_DIR, or a folder under /tmp).
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-search-customer';

describe('search and the customer beside the conversation, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let api: ApiClient;

  const rows = () => page.getByTestId('conversation-row');
  const rowSubjects = async () => (await rows().locator('.row-subject').allTextContents()).map((text) => text.replace(/\s*#\d+$/, '').trim());

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    api = new ApiClient(testApp.baseUrl);
    await api.setup(FOUNDER);
    const mailbox = await createTestMailbox(testApp, dovecot, 'inbox', { address: 'help@acme.example', name: 'Acme Help' });
    await dovecot.deliver('inbox', [
      buildInboundEmail({ from: 'Élodie Martin <elodie@societe-generale.example>', subject: 'Factures', body: 'Bonjour, la Société Générale ne reçoit plus ses factures depuis lundi.' }),
      buildInboundEmail({ from: 'Élodie Martin <elodie@societe-generale.example>', subject: 'Calendar export', body: 'The calendar export drops every event made on a phone.' }),
      buildInboundEmail({ from: 'Ben Brown <ben@gmail.com>', subject: 'Dark mode', body: 'Please add a dark mode, my eyes hurt at night.' }),
    ]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    // The invoice question was answered and closed: the Open view no longer shows it, search still finds it.
    const factures = (await api.get(`/api/conversations?q=${encodeURIComponent('subject:Factures')}`)).body.items[0].id;
    expect((await api.patch(`/api/conversations/${factures}`, { status: 'closed' })).status).toBe(200);
    ({ browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  describe('at 1280×800', () => {
    beforeAll(async () => {
      page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(15_000);
      await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    });

    it('searches every conversation without accents, then narrows to the view with one click', async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open`);
      await expect.poll(() => rows().count()).toBe(2);
      expect(await rowSubjects()).not.toContain('Factures');
      await page.keyboard.press('/');
      await page.keyboard.type('societe');
      await page.keyboard.press('Enter');
      // Found although closed and although typed without accents; the customer's word is shown as written.
      await expect.poll(rowSubjects).toEqual(['Factures']);
      expect(await rows().first().locator('mark').allTextContents()).toEqual(['Société']);
      expect(await page.getByTestId('search-scope').textContent()).toContain("All conversations · customers' words");
      await page.screenshot({ path: `${SHOTS}/1280x800-search.png` });

      await page.getByRole('button', { name: 'Only All open' }).click();
      await expect.poll(() => page.getByLabel('Search conversations').inputValue()).toBe('societe in:open');
      await expect.poll(() => page.getByText('Nothing matches').isVisible()).toBe(true);
      expect(page.url()).toContain(`q=${encodeURIComponent('societe in:open').replace(/%20/g, '+')}`);
    });

    it('shows the customer beside the conversation: company, other conversations linked, and a shared note saved inline', async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open`);
      await rows().filter({ hasText: 'Calendar export' }).getByRole('link').click();
      const panel = page.getByTestId('customer-panel');
      await panel.waitFor();
      expect(await panel.getByRole('heading', { name: 'Élodie Martin' }).isVisible()).toBe(true);
      expect(await panel.getByText('elodie@societe-generale.example', { exact: true }).isVisible()).toBe(true);
      expect(await panel.getByTestId('customer-company').textContent()).toBe('societe-generale.example');
      const other = panel.getByTestId('customer-conversation');
      expect(await other.count()).toBe(1);
      expect(await other.textContent()).toMatch(/^Factures#\d+ · Closed · /);

      await panel.getByRole('button', { name: 'Add a note' }).click();
      await page.keyboard.type('Enterprise plan, renews in March.');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('Writes in French; answer in French.');
      await page.keyboard.press('Control+Enter');
      await expect.poll(() => panel.getByTestId('customer-note').textContent()).toBe('Enterprise plan, renews in March.\nWrites in French; answer in French.');
      expect(await panel.getByText(new RegExp(`^${FOUNDER.name}, `)).isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/1280x800-customer.png` });

      // The note travels with the customer: their other conversation shows it too.
      await other.click();
      await page.getByRole('heading', { name: 'Factures' }).waitFor();
      await expect.poll(() => panel.getByTestId('customer-note').textContent()).toBe('Enterprise plan, renews in March.\nWrites in French; answer in French.');
      expect(await panel.getByTestId('customer-conversation').textContent()).toMatch(/^Calendar export#\d+ · Open · /);

      // Escape leaves the note as it was.
      await panel.getByRole('button', { name: 'Edit note' }).click();
      await page.keyboard.type(' Not saved.');
      await page.keyboard.press('Escape');
      expect(await panel.getByTestId('customer-note').textContent()).toBe('Enterprise plan, renews in March.\nWrites in French; answer in French.');
    });

    it('shows no company for a free-mail customer, and says it is their first conversation', async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open`);
      await rows().filter({ hasText: 'Dark mode' }).getByRole('link').click();
      const panel = page.getByTestId('customer-panel');
      await panel.getByRole('heading', { name: 'Ben Brown' }).waitFor();
      expect(await panel.getByTestId('customer-company').count()).toBe(0);
      expect(await panel.getByText('This is their first conversation.').isVisible()).toBe(true);
    });
  });

  describe('at 390×844', () => {
    beforeAll(async () => {
      page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })).newPage();
      page.setDefaultTimeout(15_000);
      await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    });

    it('fits search and the customer panel on a phone without sideways scrolling', async () => {
      await page.goto(`${testApp.baseUrl}/inbox/open?q=${encodeURIComponent('societe')}`);
      await expect.poll(rowSubjects).toEqual(['Factures']);
      await page.screenshot({ path: `${SHOTS}/390x844-search.png`, fullPage: true });
      expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
      await rows().first().getByRole('link').click();
      const panel = page.getByTestId('customer-panel');
      await panel.getByTestId('customer-note').waitFor();
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/390x844-customer.png`, fullPage: true });
      expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
      const box = await panel.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    });
  });
});
