import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

// Screenshots stay on disk for a person to look at (SCREENSHOT_DIR, or a folder under /tmp).
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-phone-layout';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
] as const;

// Browser-side code is passed as source text (these tests compile without the DOM library).
/** How far the page scrolls sideways (0 when nothing overflows), and the widest offender if any. */
async function horizontalOverflow(page: Page): Promise<{ overflow: number; widest: string }> {
  return page.evaluate(`(() => {
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    let widest = '';
    if (overflow > 0) {
      let right = root.clientWidth;
      for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.right > right) {
          right = box.right;
          widest = element.tagName.toLowerCase() + '.' + element.className + ' (' + Math.round(box.right) + ' px)';
        }
      }
    }
    return { overflow, widest };
  })()`);
}

/** Tables whose own box scrolls sideways (content wider than the box), by their label. */
async function sidewaysTables(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const wide = [];
    for (const table of document.querySelectorAll('table')) {
      const box = table.getBoundingClientRect();
      if (box.width === 0) continue;
      if (table.scrollWidth > table.clientWidth + 1 || box.right > document.documentElement.clientWidth + 1) wide.push((table.getAttribute('aria-label') || 'table') + ' ' + table.scrollWidth + '/' + table.clientWidth);
    }
    return wide;
  })()`);
}

/** Visible buttons, links and form controls smaller than a finger (44 px) in either direction. */
async function smallTouchTargets(page: Page, scope: string): Promise<string[]> {
  return page.evaluate(`(() => {
    const small = [];
    for (const element of document.querySelectorAll(${JSON.stringify(scope)} + ' :is(button, a, select, input:not([type=checkbox]):not([type=radio]), textarea)')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (element.closest('.visually-hidden, .skip-link, .customer-words, .reply-body, .note-body, .quoted, .message-details, p')) continue;
      if (box.height < 44 || box.width < 44) small.push(element.tagName.toLowerCase() + ' "' + (element.textContent || '').trim().slice(0, 30) + '" ' + Math.round(box.width) + '×' + Math.round(box.height));
    }
    return small;
  })()`);
}

describe('the app on a phone and a tablet', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    const admin = new ApiClient(testApp.baseUrl);
    const ada = (await admin.setup({ ...FOUNDER, timeZone: 'UTC' })).body.person.id;
    const grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace Designer', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'UTC' })).body.id;
    expect((await admin.post('/api/themes', { name: 'Calendar sync drops events from the previous day' })).status).toBe(201);
    await admin.post('/api/rotations', { name: 'Everyone on Support', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], startDate: '2026-11-02', members: [{ personId: ada }, { personId: grace }] });
    const mailbox = await createTestMailbox(testApp, dovecot, 'inbox', { address: 'help@acme.example', name: 'Acme Help' });
    await dovecot.deliver('inbox', [
      buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Export fails every single time I try with a very long subject line', body: 'Exporting to CSV fails with a blank file. https://example.com/a/really/long/link/that/does/not/break/anywhere/at/all/because/it/is/one/word' }),
      buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', subject: 'Dark mode', body: 'Please add a dark mode, my eyes hurt at night.' }),
    ]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ browser, close: closeBrowser } = await launchBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      let page: Page;
      const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${viewport.width}x${viewport.height}-${name}.png`, fullPage: true });
      const openMenu = async () => {
        await page.getByRole('button', { name: 'Menu' }).click();
        return page.getByRole('navigation', { name: 'Main' });
      };

      beforeAll(async () => {
        const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true, isMobile: viewport.name === 'phone' });
        page = await context.newPage();
        page.setDefaultTimeout(15_000);
        await signInThroughPage(page, testApp.baseUrl, 'grace@wholegrain.test', 'a long first password');
      });
      afterAll(async () => {
        await page?.context().close();
      });

      it('shows the list alone, then the views, then the list again, with no sideways scrolling', async () => {
        await page.getByTestId('conversation-row').first().waitFor();
        expect(await page.getByRole('navigation', { name: 'Inbox views' }).isVisible()).toBe(false);
        await shot('inbox-list');
        expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
        // The top bar is one row: brand, bell/menu; the links hide behind the menu.
        expect(await page.locator('.topbar').evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(70);
        expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
        expect(await smallTouchTargets(page, '.inbox-list')).toEqual([]);

        await page.getByRole('button', { name: /^Views/ }).click();
        const views = page.getByRole('navigation', { name: 'Inbox views' });
        await views.waitFor();
        expect(await page.getByTestId('conversation-row').first().isVisible()).toBe(false);
        await shot('inbox-views');
        expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
        expect(await smallTouchTargets(page, '.inbox-views')).toEqual([]);
        await views.getByRole('link', { name: 'Unassigned' }).click();
        await page.waitForURL(/\/inbox\/unassigned$/);
        await expect.poll(() => views.isVisible()).toBe(false);
        await page.getByRole('heading', { name: 'Unassigned' }).waitFor({ state: 'attached' });
        await page.getByTestId('conversation-row').first().waitFor();
      });

      it('opens a conversation on its own page-width, with the composer and side panel fitting, and goes back with a button', async () => {
        await page.getByTestId('conversation-row').filter({ hasText: 'Export fails' }).getByRole('link').click();
        await page.getByRole('heading', { name: /Export fails/ }).waitFor();
        expect(await page.getByTestId('conversation-row').first().isVisible()).toBe(false);
        // The conversation starts at the top of the screen, not below the list.
        expect(await page.getByRole('heading', { name: /Export fails/ }).evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
        await shot('conversation');
        expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
        await page.getByTestId('customer-panel').waitFor();
        for (const selector of ['.composer', '.feedback-panel', '.customer-panel']) {
          const box = await page.locator(selector).boundingBox();
          expect(box!.x).toBeGreaterThanOrEqual(0);
          expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        }
        expect(await smallTouchTargets(page, '.conversation-actions')).toEqual([]);
        expect(await smallTouchTargets(page, '.composer')).toEqual([]);
        expect(await smallTouchTargets(page, '.customer-panel')).toEqual([]);
        await page.getByRole('button', { name: /Back to/ }).click();
        await page.waitForURL(/\/inbox\/unassigned$/);
        await page.getByTestId('conversation-row').first().waitFor();
      });

      for (const screen of [
        { link: 'Rotation', name: 'rotation', heading: /Rotation|Everyone on Support/ },
        { link: 'Feedback', name: 'feedback', heading: /Feedback|Themes/ },
        { link: 'Reports', name: 'reports', heading: /Duty reports/ },
        { link: 'People', name: 'people', heading: /People/ },
        { link: 'Settings', name: 'settings', heading: /Settings|Mailboxes/ },
      ]) {
        it(`reaches ${screen.link} through the menu, with no sideways scrolling`, async () => {
          const navigation = await openMenu();
          expect(await smallTouchTargets(page, '.topbar')).toEqual([]);
          await navigation.getByRole('link', { name: screen.link }).click();
          await expect.poll(() => navigation.isVisible()).toBe(false);
          await page.getByRole('heading', { name: screen.heading }).first().waitFor();
          await expect.poll(() => page.locator('.loading').count()).toBe(0);
          await shot(screen.name);
          expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
          // People and themes fit the screen: their tables stack rather than scroll sideways in their box.
          if (screen.name === 'people' || screen.name === 'feedback') {
            const table = page.getByRole('table', { name: screen.name === 'people' ? 'People' : 'Themes' });
            await table.waitFor();
            expect(await sidewaysTables(page)).toEqual([]);
          }
        });
      }
    });
  }

  it('fits the People table with an admin’s actions on a phone: stacked rows, buttons a thumb can hit', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
      await page.goto(`${testApp.baseUrl}/people`);
      const table = page.getByRole('table', { name: 'People' });
      await table.getByRole('button', { name: 'Edit Grace Designer' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/390x844-people-admin.png`, fullPage: true });
      expect(await sidewaysTables(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
      expect(await smallTouchTargets(page, '.table-stack')).toEqual([]);
      // Each fact keeps its name beside it (the column headings are off screen).
      const grace = table.getByRole('row').filter({ hasText: 'grace@wholegrain.test' });
      expect(await grace.getByRole('cell', { name: 'grace@wholegrain.test' }).evaluate((cell) => cell.ownerDocument.defaultView!.getComputedStyle(cell, '::before').content)).toBe('"Email"');
    } finally {
      await context.close();
    }
  });

  it('is installable: a manifest with icons, a service worker that keeps the shell, and an offline page', async () => {
    const manifest = (await (await fetch(`${testApp.baseUrl}/manifest.webmanifest`)).json()) as { icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: 'Wholegrain', start_url: '/inbox', display: 'standalone' });
    for (const icon of manifest.icons) {
      const response = await fetch(`${testApp.baseUrl}${icon.src}`);
      expect(response.headers.get('content-type')).toBe('image/png');
      const bytes = Buffer.from(await response.arrayBuffer());
      // The PNG header's width matches the size the manifest declares.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInThroughPage(page, testApp.baseUrl, 'grace@wholegrain.test', 'a long first password');
    await page.evaluate('navigator.serviceWorker.ready.then(() => undefined)');
    await page.reload();
    await page.getByTestId('conversation-row').first().waitFor();
    expect(await page.evaluate('navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL')).toBe(`${testApp.baseUrl}/sw.js`);
    const cached = await page.evaluate<string[]>(`caches.open('wholegrain-shell-v1').then((cache) => cache.keys()).then((keys) => keys.map((request) => new URL(request.url).pathname))`);
    expect(cached).toEqual(expect.arrayContaining(['/index.html', '/offline.html', '/manifest.webmanifest']));
    expect(cached.some((path) => /^\/assets\/index-.*\.js$/.test(path))).toBe(true);

    await context.setOffline(true);
    await page.goto(`${testApp.baseUrl}/rotation`);
    await page.getByRole('heading', { name: 'You are offline' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/390x844-offline.png` });
    expect(await horizontalOverflow(page)).toEqual({ overflow: 0, widest: '' });
    await context.setOffline(false);
    await page.getByRole('link', { name: 'Try again' }).click();
    await page.getByTestId('conversation-row').first().waitFor();
    await context.close();
  });
});
