import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-notifications';

describe('push notifications and notification preferences, in a real browser', () => {
  let testApp: TestApp;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let ada: ApiClient;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    ada = new ApiClient(testApp.baseUrl);
    await ada.setup({ ...FOUNDER, timeZone: 'UTC' });
    await ada.post<PersonDto>('/api/people', { name: 'Ben Brown', email: 'ben@wholegrain.test', password: 'a long first password', supportRole: 'programmer', timeZone: 'UTC' });
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, 'ben@wholegrain.test', 'a long first password'));
    await page.context().grantPermissions(['notifications'], { origin: testApp.baseUrl });
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it("the service worker shows a pushed notification (a push message delivered to it as the browser's push service would)", async () => {
    await page.goto(`${testApp.baseUrl}/profile`);
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    const scope = await page.evaluate<string>('navigator.serviceWorker.ready.then((registration) => registration.scope)');
    expect(scope).toBe(`${testApp.baseUrl}/`);
    // DevTools' "Push" button: a real push event carrying these bytes, dispatched by chromium to the worker.
    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        const found = event.registrations.find((registration) => registration.scopeURL === scope && !registration.isDeleted);
        if (found) resolve(found.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const payload = { title: 'Ada Founder assigned you: Export fails', body: 'Exporting to CSV fails with a blank file.', url: '/inbox/open/1', tag: 'n-1' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: testApp.baseUrl, registrationId: await registrationId, data: JSON.stringify(payload) });
    const shown = () =>
      page.evaluate<{ title: string; body: string; tag: string; data: unknown }[]>(
        `navigator.serviceWorker.ready.then((registration) => registration.getNotifications()).then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))`,
      );
    await expect.poll(shown, { timeout: 10_000 }).toEqual([{ title: payload.title, body: payload.body, tag: 'n-1', data: { url: '/inbox/open/1' } }]);
    // The same tag replaces rather than stacks (the desktop notification of the open app uses it too).
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: testApp.baseUrl, registrationId: await registrationId, data: JSON.stringify({ ...payload, body: 'Updated.' }) });
    await expect.poll(async () => (await shown()).map((notification) => notification.body), { timeout: 10_000 }).toEqual(['Updated.']);
    await cdp.detach();
  });

  it('sets each kind per channel and "only while I am on duty" in Your profile, at desktop and phone width', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${testApp.baseUrl}/profile`);
    const email = page.getByLabel('A teammate assigns me a conversation: Email');
    await email.waitFor();
    expect(await email.isChecked()).toBe(true);
    await email.click();
    await expect.poll(() => email.isChecked()).toBe(false);
    await page.getByLabel(/^Only while I am on duty/).click();
    await expect.poll(() => page.getByLabel(/^Only while I am on duty/).isChecked()).toBe(true);
    // Saved on the server, not just on screen.
    const ben = new ApiClient(testApp.baseUrl);
    await ben.signIn('ben@wholegrain.test', 'a long first password');
    expect((await ben.get('/api/notifications/preferences')).body).toMatchObject({ assigned: { inApp: true, push: true, email: false }, customer_reply: { onlyOnDuty: true }, new_conversation: { onlyOnDuty: true } });
    // Without SMTP_URL or a mailbox, the page says email cannot go out.
    expect(await page.getByRole('note').first().textContent()).toContain('Email cannot be sent');
    await page.screenshot({ path: `${SHOTS}/profile-preferences-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await email.waitFor();
    expect(await email.isChecked()).toBe(false);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const box = await email.locator('xpath=..').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `${SHOTS}/profile-preferences-phone.png`, fullPage: true });
  });

  it('Settings says plainly that no system mail can go out without SMTP_URL or a mailbox', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${testApp.baseUrl}/settings`);
    const status = page.getByRole('note', { name: 'System mail' });
    await status.waitFor();
    expect(await status.textContent()).toContain('Wholegrain cannot send email of its own.');
    expect(await status.textContent()).toContain('duty reminders, digests, notification emails, sign-in alerts, invitations and password resets are not sent');
    await page.screenshot({ path: `${SHOTS}/settings-no-smtp.png` });
  });
});
