import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, launchSignedIn, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

describe('your sessions and password in Settings, in a real browser', () => {
  let testApp: TestApp;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('lists the other browsers and signs them out, one or all', async () => {
    const firefox = new ApiClient(testApp.baseUrl, { headers: { 'user-agent': FIREFOX } });
    expect((await firefox.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    await page.getByRole('link', { name: 'Settings' }).click();
    const panel = page.getByRole('region', { name: 'Sessions' });
    const row = panel.getByRole('listitem').filter({ hasText: 'Firefox on Linux' });
    await row.waitFor();
    await panel.getByRole('listitem').filter({ hasText: 'this browser' }).waitFor();
    await row.getByRole('button', { name: 'Sign out' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await firefox.get('/api/session')).status).toBe(401);
    // The setup request's session is still there: "Sign out everywhere else" ends it.
    await panel.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await panel.getByRole('status').getByText('Signed out of 1 other session.').waitFor();
    expect(await panel.getByRole('listitem').count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Sign out everywhere else' }).isDisabled()).toBe(true);
  });

  it('a tab whose session was ended from another browser goes to the sign-in page at its next action', async () => {
    const other = await launchBrowser();
    try {
      const tab = await (await other.browser.newContext()).newPage();
      await signInThroughPage(tab, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
      await tab.getByRole('link', { name: /^Closed/ }).waitFor();
      const sessionId = (await tab.evaluate(`fetch('/api/account/sessions').then((response) => response.json()).then((sessions) => sessions.find((session) => session.current).id)`)) as string;
      const elsewhere = new ApiClient(testApp.baseUrl);
      expect((await elsewhere.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
      expect((await elsewhere.delete(`/api/account/sessions/${sessionId}`)).status).toBe(204);
      // The next thing the tab asks for is refused: it lands on the sign-in page, not on an error over stale pages.
      await tab.getByRole('link', { name: /^Closed/ }).click();
      await tab.waitForURL(/\/sign-in$/);
      await tab.getByLabel('Email').waitFor();
      expect(await tab.getByText('Sign in to continue.').count()).toBe(0);
      // Signed out again, so the next test counts only its own other session.
      expect((await elsewhere.delete('/api/session')).status).toBe(204);
    } finally {
      await other.close();
    }
  });

  it('changes the password: a wrong current one is named, the right one works and ends other sessions', async () => {
    const other = new ApiClient(testApp.baseUrl, { headers: { 'user-agent': FIREFOX } });
    expect((await other.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    const form = page.getByRole('form', { name: 'Change your password' });
    // The password fields look like every other form's fields (border, corners, padding, font).
    const looks = (await page.evaluate(`(() => {
      const look = (input) => { const style = getComputedStyle(input); return [style.borderTopWidth, style.borderTopStyle, style.borderRadius, style.paddingLeft, style.paddingTop, style.fontFamily].join(' '); };
      const form = document.querySelector('form[aria-label="Change your password"]');
      const other = [...document.querySelectorAll('.field input')].find((input) => !form.contains(input));
      return { password: [...form.querySelectorAll('input')].map(look), other: other ? look(other) : null };
    })()`)) as { password: string[]; other: string | null };
    expect(looks.other).not.toBeNull();
    expect(looks.password).toEqual([looks.other, looks.other]);
    await form.screenshot({ path: '/tmp/wholegrain-settings-password-1280.png' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill('a fresh long password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').getByText('Your current password is not correct.').waitFor();
    await form.getByLabel('Current password').fill(FOUNDER.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').getByText('Password changed; signed out of 1 other session.').waitFor();
    expect((await other.get('/api/session')).status).toBe(401);
    expect((await new ApiClient(testApp.baseUrl).signIn(FOUNDER.email, 'a fresh long password')).status).toBe(200);
  });

  it('an admin makes a reset link under People; it opens a page that sets a new password, once', async () => {
    const admin = new ApiClient(testApp.baseUrl);
    expect((await admin.signIn(FOUNDER.email, 'a fresh long password')).status).toBe(200);
    const member = { name: 'Grace Hopper', email: 'grace@wholegrain.test', password: 'grace old password', access: 'member', supportRole: 'programmer', timeZone: 'UTC', workingDays: [1, 2] };
    expect((await admin.post('/api/people', member)).status).toBe(201);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Make a password reset link for Grace Hopper' }).click();
    const url = await page.getByLabel('Reset link for Grace Hopper', { exact: true }).inputValue();
    expect(url).toMatch(/\/reset-password#token=/);

    const other = await launchBrowser();
    try {
      const gracePage = await other.browser.newPage();
      gracePage.setDefaultTimeout(15_000);
      await gracePage.goto(url);
      await gracePage.getByLabel('New password', { exact: true }).fill('grace new password');
      await gracePage.getByRole('button', { name: 'Set new password' }).click();
      await gracePage.getByRole('status').getByText('Your password is changed').waitFor();
      // The same link again, freshly opened.
      await gracePage.goto('about:blank');
      await gracePage.goto(url);
      await gracePage.getByLabel('New password', { exact: true }).fill('someone else pw');
      await gracePage.getByRole('button', { name: 'Set new password' }).click();
      await gracePage.getByRole('alert').getByText(/not valid any more/).waitFor();
    } finally {
      await other.close();
    }
    expect((await new ApiClient(testApp.baseUrl).signIn(member.email, 'grace new password')).status).toBe(200);
  });
});
