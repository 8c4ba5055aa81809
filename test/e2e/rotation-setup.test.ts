import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import { testAdmin } from '../harness/mailbox.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/rotation-setup';

describe('an admin sets up the rotation in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let admin: ApiClient;
  const mailboxIds: Record<string, string> = {};

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup({ ...FOUNDER, timeZone: 'UTC' });
    // Two mailboxes the rotation may answer (never synced here: no background jobs).
    for (const name of ['support', 'billing']) {
      const server = { host: '127.0.0.1', port: 1, tls: false, user: name, password: 'unused secret' };
      const mailbox = await testApp.app
        .get(MailboxesService)
        .create({ name, address: `${name}@acme.example`, imap: server, smtp: server, folders: ['INBOX'], allowSelfSigned: false, pollIntervalSeconds: 60 }, await testAdmin(testApp), null);
      mailboxIds[name] = mailbox.id;
    }
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await (await browser.newContext({ timezoneId: 'UTC' })).newPage();
    page.setDefaultTimeout(15_000);
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('ticks the only person of a team of one, and says why Create rotation is disabled', async () => {
    await page.getByRole('link', { name: 'Rotation' }).click();
    const form = page.getByRole('form', { name: 'Create the rotation' });
    const create = form.getByRole('button', { name: 'Create rotation' });
    expect(await form.getByLabel('Ada Founder').isChecked()).toBe(true);
    expect(await create.isEnabled()).toBe(true);
    expect(await form.getByText(/^Choose at least/).count()).toBe(0);

    await form.getByLabel('Ada Founder').uncheck();
    expect(await create.isDisabled()).toBe(true);
    await expect.poll(() => create.getAttribute('aria-describedby').then((id) => (id ? page.locator(`#${id}`).textContent() : null))).toBe('Choose at least one person.');
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await form.getByRole('group', { name: 'Working days' }).getByLabel(day).uncheck();
    await form.getByText('Choose at least one person and one working day.').waitFor();
    await create.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/1280x800-rotation-why-disabled.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await form.getByText('Choose at least one person and one working day.').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-rotation-why-disabled.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });

    await form.getByLabel('Ada Founder').check();
    await form.getByText('Choose at least one working day.').waitFor();
    await form.getByRole('group', { name: 'Working days' }).getByLabel('Mon').check();
    expect(await create.isEnabled()).toBe(true);
    expect(await form.getByText(/^Choose at least/).count()).toBe(0);

    // With a second person nobody is ticked for you: the order is the admin's to choose.
    await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'UTC' });
    await page.reload();
    await form.getByLabel('Grace').waitFor();
    expect(await form.getByLabel('Ada Founder').isChecked()).toBe(false);
    expect(await form.getByLabel('Grace').isChecked()).toBe(false);
    expect(await create.isDisabled()).toBe(true);
  });

  it('creates the rotation with people in turn order', async () => {
    const form = page.getByRole('form', { name: 'Create the rotation' });
    await form.getByLabel('Grace').check();
    await form.getByLabel('Ada Founder').check();
    // Every mailbox is ticked to start with; the billing one is left to someone else.
    const mailboxes = form.getByRole('group', { name: 'Mailboxes it answers' });
    expect(await mailboxes.getByLabel('support@acme.example').isChecked()).toBe(true);
    expect(await mailboxes.getByLabel('billing@acme.example').isChecked()).toBe(true);
    await mailboxes.getByLabel('billing@acme.example').uncheck();
    await form.getByRole('button', { name: 'Create rotation' }).click();
    await page.getByRole('heading', { name: 'Everyone on Support' }).waitFor();
    const rotations = (await admin.get('/api/rotations')).body;
    expect(rotations[0].members.map((member: { name: string }) => member.name)).toEqual(['Grace', 'Ada Founder']);
    expect(rotations[0].timeZone).toBe('UTC');
    expect(rotations[0].mailboxIds).toEqual([mailboxIds.support]);
  });

  it('changes the mailboxes it answers in the edit form', async () => {
    await page.getByRole('button', { name: 'Edit rotation' }).click();
    const form = page.getByRole('form', { name: 'Edit the rotation' });
    const mailboxes = form.getByRole('group', { name: 'Mailboxes it answers' });
    expect(await mailboxes.getByLabel('support@acme.example').isChecked()).toBe(true);
    expect(await mailboxes.getByLabel('billing@acme.example').isChecked()).toBe(false);
    await mailboxes.getByLabel('billing@acme.example').check();
    await mailboxes.getByLabel('support@acme.example').uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await admin.get('/api/rotations')).body[0].mailboxIds).toEqual([mailboxIds.billing]);
    await form.getByRole('button', { name: 'Close' }).click();
  });

  it('adds an override that shows in the week', async () => {
    const week = page.getByRole('list', { name: /^Week of/ });
    const monday = (await admin.get('/api/rotations')).body[0].startDate as string;
    const planned = (await admin.get(`/api/rotations/${(await admin.get('/api/rotations')).body[0].id}/calendar?from=${monday}&to=${monday}`)).body.days[0].primary.name;
    const other = planned === 'Grace' ? 'Ada Founder' : 'Grace';
    const form = page.getByRole('form', { name: 'Add an override' });
    await form.getByLabel('Person').selectOption({ label: other });
    await form.getByLabel('From').fill(monday);
    await form.getByLabel('Reason').fill('Launch day');
    await form.getByRole('button', { name: 'Add override' }).click();
    await form.getByText('Override added.').waitFor();
    await expect.poll(() => week.locator(':scope > li').first().textContent()).toContain(`${other} (override)`);
  });
});
