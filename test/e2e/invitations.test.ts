import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-invitations';

describe('inviting a teammate, in a real browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  const invite = async (email: string, role: string) => {
    await page.getByLabel('Email to invite').fill(email);
    await page.getByLabel('Support role').selectOption({ label: role });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('invitation-result').filter({ hasText: 'works once' }).waitFor();
    return page.getByLabel('Invitation link').inputValue();
  };

  it('invites without any SMTP: the admin copies the link; invitations are listed, re-sent (new link) and revoked', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    const firstLink = await invite('bo@wholegrain.test', 'Designer');
    expect(await page.getByTestId('invitation-result').textContent()).toContain('Not emailed: No SMTP_URL is set and no mailbox has SMTP settings');
    expect(firstLink).toMatch(new RegExp(`^${testApp.baseUrl}/invite/[A-Za-z0-9_-]{43}$`));
    await invite('cy@wholegrain.test', 'Programmer');
    const pending = page.getByTestId('pending-invitation');
    await expect.poll(() => pending.count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}/pending.png`, fullPage: true });

    await pending.filter({ hasText: 'cy@wholegrain.test' }).getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => pending.allTextContents()).toEqual([expect.stringContaining('bo@wholegrain.test')]);

    await pending.getByRole('button', { name: 'Re-send' }).click();
    await expect.poll(() => page.getByLabel('Invitation link').inputValue()).not.toBe(firstLink);
    const secondLink = await page.getByLabel('Invitation link').inputValue();
    // Only the hash is stored: the database does not hold the link's token.
    const token = secondLink.split('/invite/')[1]!;
    const stored = (await testApp.database.pool.query(`SELECT * FROM invitation WHERE email = 'bo@wholegrain.test'`)).rows;
    expect(JSON.stringify(stored)).not.toContain(token);

    const invitee = await browser.newPage();
    await invitee.goto(firstLink);
    await invitee.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await invitee.goto(secondLink);
    await invitee.getByRole('heading', { name: 'Join Wholegrain' }).waitFor();
    expect(await invitee.getByText('Ada Founder invited you as bo@wholegrain.test').count()).toBe(1);
    await invitee.getByLabel('Your name').fill('Bo Designer');
    await invitee.getByLabel('Password').fill('bo chooses a long password');
    await invitee.getByLabel('Time zone').fill('Europe/Lisbon');
    await invitee.screenshot({ path: `${SHOTS}/accept.png` });
    await invitee.getByRole('button', { name: 'Join the team' }).click();
    await invitee.waitForURL(/\/inbox\//);
    expect(await invitee.locator('.account-name').textContent()).toBe('Bo Designer');

    // Single use: the same link no longer works, and Bo is a designer member in Lisbon's time.
    await invitee.context().clearCookies();
    await invitee.goto(secondLink);
    await invitee.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await invitee.close();
    await page.reload();
    await expect.poll(() => page.getByTestId('pending-invitation').count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: 'bo@wholegrain.test' });
    expect(await row.textContent()).toContain('Designer');
    const [bo] = (await testApp.database.pool.query(`SELECT access, support_role, time_zone FROM person WHERE email = 'bo@wholegrain.test'`)).rows;
    expect(bo).toEqual({ access: 'member', support_role: 'designer', time_zone: 'Europe/Lisbon' });
  });
});
