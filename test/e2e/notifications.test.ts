import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { NotificationListDto } from '../../api/src/notifications/notifications.types.js';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-notifications';

describe('the notification centre, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let ada: ApiClient;
  let benId: string;
  let conversationId: string;

  const bell = () => page.getByRole('button', { name: /^Notifications/ });

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    ada = new ApiClient(testApp.baseUrl);
    await ada.setup({ ...FOUNDER, timeZone: 'UTC' });
    benId = (await ada.post<PersonDto>('/api/people', { name: 'Ben Brown', email: 'ben@wholegrain.test', password: 'a long first password', supportRole: 'programmer', timeZone: 'UTC' })).body.id;
    const mailbox = await createTestMailbox(testApp, dovecot, 'inbox', { address: 'help@acme.example', name: 'Acme Help' });
    await dovecot.deliver('inbox', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Export fails', body: 'Exporting to CSV fails with a blank file.' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    conversationId = (await ada.get<{ items: { id: string }[] }>('/api/conversations?status=open')).body.items[0]!.id;
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, 'ben@wholegrain.test', 'a long first password'));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  it('shows a teammate’s assignment live: the bell’s count and the tab title, then the conversation on click', async () => {
    await page.getByTestId('conversation-row').first().waitFor();
    expect(await page.title()).toBe('Wholegrain');
    expect(await bell().getAttribute('aria-label')).toBe('Notifications');
    await ada.patch(`/api/conversations/${conversationId}`, { assigneeId: benId });
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Wholegrain');
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');
    await bell().click();
    const item = page.getByTestId('notification');
    expect(await item.allTextContents()).toEqual([expect.stringContaining('Ada Founder assigned you: Export fails')]);
    await page.screenshot({ path: `${SHOTS}/bell-open.png` });
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/inbox/open/${conversationId}$`));
    await page.getByRole('heading', { name: 'Export fails' }).waitFor();
    await expect.poll(() => page.title()).toBe('Wholegrain');
    expect(await page.getByTestId('unread-count').count()).toBe(0);
  });

  it('suggests teammates after @ in a note, and the mentioned teammate is notified', async () => {
    await page.getByRole('tab', { name: 'Internal note' }).click();
    const composer = page.locator('#composer-text');
    await composer.click();
    await composer.pressSequentially('@fou');
    const suggestions = page.getByRole('listbox', { name: 'Mention a teammate' });
    expect(await suggestions.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Ada Founder')]);
    await page.screenshot({ path: `${SHOTS}/mention-suggestions.png` });
    await page.keyboard.press('Enter');
    expect(await composer.inputValue()).toBe('@Ada Founder ');
    expect(await suggestions.count()).toBe(0);
    await composer.pressSequentially('could you call Ana?');
    await page.keyboard.press('Control+Enter');
    await page.getByText('@Ada Founder could you call Ana?').waitFor();
    const adas = async () => (await ada.get<NotificationListDto>('/api/notifications')).body.items.map((item) => [item.kind, item.title, item.body]);
    await expect.poll(adas).toEqual([['mention', 'Ben Brown mentioned you: Export fails', '@Ada Founder could you call Ana?']]);
  });

  it('marks everything read at once', async () => {
    await ada.post(`/api/conversations/${conversationId}/notes`, { text: '@Ben Brown first' });
    await ada.post(`/api/conversations/${conversationId}/notes`, { text: '@ben second' });
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(2) Wholegrain');
    await bell().click();
    expect(await page.locator('.notification.unread').count()).toBe(2);
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => page.title()).toBe('Wholegrain');
    expect(await page.locator('.notification.unread').count()).toBe(0);
    expect(await page.getByTestId('notification').count()).toBe(3);
  });

  it('edits your own profile and notification preferences, and shows desktop notifications once opted in on this device', async () => {
    await page.context().grantPermissions(['notifications'], { origin: testApp.baseUrl });
    // Record what the page shows through the Notification API, and look away from the tab.
    await page.addInitScript(`
      window.__shown = [];
      const Real = window.Notification;
      window.Notification = class extends Real { constructor(title, options) { super(title, options); window.__shown.push([title, options && options.body]); } };
      Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
      window.Notification.requestPermission = (...args) => Real.requestPermission(...args);
      document.hasFocus = () => false;
    `);
    await page.reload();
    await page.locator('.account-name').click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await page.getByLabel('Your name').fill('Ben B. Brown');
    await page.getByLabel('Your time zone').fill('America/New_York');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.account-name').textContent()).toBe('Ben B. Brown');

    // The boxes follow the server's (and the browser's) answer, so they change a moment after the click.
    await page.getByLabel('Someone mentions me in a note: In the app').click();
    await expect.poll(() => page.getByLabel('Someone mentions me in a note: In the app').isChecked()).toBe(false);
    await expect.poll(async () => (await ada.get('/api/people')).body.find((person: PersonDto) => person.id === benId)?.timeZone).toBe('America/New_York');
    await page.getByLabel(/Show a desktop notification/).click();
    await expect.poll(() => page.getByLabel(/Show a desktop notification/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send a test notification' }).click();
    await page.screenshot({ path: `${SHOTS}/profile.png`, fullPage: true });
    expect(await page.evaluate('window.__shown')).toEqual([['Wholegrain test notification', 'Desktop notifications work on this device.']]);

    // A mention (turned off) makes nothing; an assignment shows in the centre and on the desktop.
    await ada.post(`/api/conversations/${conversationId}/notes`, { text: '@Ben B. Brown not this one' });
    await ada.patch(`/api/conversations/${conversationId}`, { assigneeId: null });
    await ada.patch(`/api/conversations/${conversationId}`, { assigneeId: benId });
    await expect.poll(() => page.evaluate('window.__shown.length'), { timeout: 10_000 }).toBe(2);
    expect(await page.evaluate('window.__shown[1]')).toEqual(['Ada Founder assigned you: Export fails', '']);
    expect(await page.title()).toBe('(1) Wholegrain');
  });
});
