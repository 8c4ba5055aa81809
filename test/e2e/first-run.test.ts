import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

describe('first run in a real browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // The browser logs every 4xx answer; the 400 (short password) and 401s (wrong password, signed out) are expected here.
      if (message.type() === 'error' && !/status of 40[01]/.test(message.text())) pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('shows the setup page on the first visit and creates the first admin', async () => {
    await page.goto(`${testApp.baseUrl}/`);
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/setup$/);
    await page.getByRole('heading', { name: 'Welcome to Wholegrain' }).waitFor();

    await page.getByLabel('Your name').fill('Ada Founder');
    await page.getByLabel('Email').fill('ada@wholegrain.test');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Please correct the highlighted fields.').waitFor();
    await page.getByText('Password must have at least 10 characters').waitFor();

    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/inbox\/open$/);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Inbox', 'Rotation', 'Feedback', 'Reports', 'People', 'Settings']);
    // Before any mailbox, the empty inbox says what to do, with a link.
    await page.getByRole('heading', { name: 'Connect a mailbox' }).waitFor();
    expect(await page.getByRole('link', { name: 'connect your support mailbox' }).getAttribute('href')).toBe('/settings');
    // And nothing beside it asks to pick a conversation from the empty list.
    expect(await page.getByTestId('inbox-welcome-hint').count()).toBe(0);
  });

  it('adds a person from the People page', async () => {
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('cell', { name: 'Ada Founder', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add person' }).click();
    const form = page.getByRole('form', { name: 'Add a person' });
    await form.getByLabel('Name').fill('Grace Designer');
    await form.getByLabel('Email').fill('grace@wholegrain.test');
    await form.getByLabel('Initial password').fill('a long first password');
    await form.getByLabel('Time zone').fill('America/New_York');
    await form.getByLabel('Support role').selectOption('designer');
    await form.getByLabel('Sat').check();
    await form.getByRole('button', { name: 'Add person' }).click();

    const row = page.getByRole('row', { name: /Grace Designer/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(
      expect.arrayContaining(['Grace Designer', 'grace@wholegrain.test', 'Designer', 'Member', 'America/New_York', 'Mon, Tue, Wed, Thu, Fri, Sat', 'Active']),
    );
  });

  it('signs out, refuses a wrong password with a clear message, and signs the new person in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/sign-in$/);

    await page.getByLabel('Email').fill('grace@wholegrain.test');
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect.').waitFor();

    await page.getByLabel('Password').fill('a long first password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/inbox\/open$/);
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('cell', { name: 'Ada Founder', exact: true }).waitFor();
    // Grace is a member: she sees the team but cannot add people.
    expect(await page.getByRole('button', { name: 'Add person' }).count()).toBe(0);
  });

  it('keeps the session across a reload and ran without page errors', async () => {
    await page.reload();
    await page.getByRole('cell', { name: 'Grace Designer', exact: true }).waitFor();
    expect(await page.locator('.account-name').textContent()).toBe('Grace Designer');
    expect(pageErrors).toEqual([]);
  });
});
