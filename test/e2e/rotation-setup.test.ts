import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import { testAdmin } from '../harness/mailbox.js';
import { addDays, mondayOf } from '../../web/src/features/rotation/components/week.js';

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

  it('starts from the admin’s own time zone and today or the next working day, never a past Monday', async () => {
    // The browser says UTC; the admin's profile says Paris: the profile wins.
    const me = (await admin.get('/api/session')).body.person.id as string;
    await admin.patch(`/api/people/${me}`, { timeZone: 'Europe/Paris' });
    await page.reload();
    const form = page.getByRole('form', { name: 'Create the rotation' });
    await expect.poll(() => form.getByLabel('Time zone').inputValue()).toBe('Europe/Paris');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const firstDay = await form.getByLabel('First day').inputValue();
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    // Today when it is Monday to Friday; otherwise the coming Monday. Never before today.
    const expected = [0, 6].includes(weekday(today)) ? addDays(today, weekday(today) === 6 ? 2 : 1) : today;
    expect(firstDay).toBe(expected);
    // Saturday only as a working day: the first day follows.
    await form.getByRole('group', { name: 'Working days' }).getByLabel('Sat').check();
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await form.getByRole('group', { name: 'Working days' }).getByLabel(day).uncheck();
    const saturday = addDays(today, (6 - weekday(today) + 7) % 7);
    expect(await form.getByLabel('First day').inputValue()).toBe(saturday);
    await page.reload();
    await expect.poll(() => form.getByLabel('First day').inputValue()).toBe(expected);
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
    expect(rotations[0].timeZone).toBe('Europe/Paris');
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
    const firstDay = (await admin.get('/api/rotations')).body[0].startDate as string;
    const planned = (await admin.get(`/api/rotations/${(await admin.get('/api/rotations')).body[0].id}/calendar?from=${firstDay}&to=${firstDay}`)).body.days[0].primary.name;
    // The first day may be next week (created on a weekend): show its week.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    if (mondayOf(firstDay) !== mondayOf(today)) await page.getByRole('button', { name: 'Next week →' }).click();
    const dayIndex = (new Date(`${firstDay}T00:00:00Z`).getUTCDay() + 6) % 7;
    const other = planned === 'Grace' ? 'Ada Founder' : 'Grace';
    const form = page.getByRole('form', { name: 'Add an override' });
    await form.getByLabel('Person').selectOption({ label: other });
    await form.getByLabel('From').fill(firstDay);
    await form.getByLabel('Reason').fill('Launch day');
    await form.getByRole('button', { name: 'Add override' }).click();
    await form.getByText('Override added.').waitFor();
    await expect.poll(() => week.locator(':scope > li').nth(dayIndex).textContent()).toContain(`${other} (override)`);
  });

  it('offers “Mark an absence” to members only: an admin outside the rotation is told they have no turns', async () => {
    // Ada is a member: she may mark her absence.
    await page.getByRole('form', { name: 'Mark an absence' }).waitFor();
    expect(await page.getByTestId('not-a-member').count()).toBe(0);

    await admin.post<PersonDto>('/api/people', { name: 'Mona Manager', email: 'mona@wholegrain.test', password: 'a long first password', access: 'admin', supportRole: 'support', timeZone: 'UTC' });
    const context = await browser.newContext({ timezoneId: 'UTC' });
    const mona = await context.newPage();
    mona.setDefaultTimeout(15_000);
    await signInThroughPage(mona, testApp.baseUrl, 'mona@wholegrain.test', 'a long first password');
    await mona.getByRole('link', { name: 'Rotation' }).click();
    await mona.getByTestId('not-a-member').waitFor();
    expect(await mona.getByTestId('not-a-member').textContent()).toMatch(/^You are not in this rotation/);
    expect(await mona.getByRole('form', { name: 'Mark an absence' }).count()).toBe(0);
    expect(await mona.getByText('Your turns while you are away').count()).toBe(0);
    // Still an admin: the override form is there.
    await mona.getByRole('form', { name: 'Add an override' }).waitFor();
    await mona.setViewportSize({ width: 1280, height: 800 });
    // A reader in another zone than the rotation's: both clocks, each time once.
    expect(await mona.getByTestId('on-duty').textContent()).toMatch(/Paris \((\w{3} )?\d{2}:\d{2} your time\)$/);
    await mona.screenshot({ path: `${SHOTS}/1280x800-rotation-other-zone-topbar.png` });
    console.log(`top bar at 1280×800: ${await mona.locator('.topbar').evaluate((element) => element.getBoundingClientRect().height)} px; "${await mona.getByTestId('on-duty').textContent()}"`);
    await mona.getByTestId('not-a-member').scrollIntoViewIfNeeded();
    await mona.screenshot({ path: `${SHOTS}/1280x800-rotation-not-a-member.png` });
    await mona.setViewportSize({ width: 390, height: 844 });
    await mona.getByTestId('not-a-member').scrollIntoViewIfNeeded();
    await mona.screenshot({ path: `${SHOTS}/390x844-rotation-not-a-member.png` });
    expect(await mona.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('Settings points to Your profile for the time zone', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByText('Your name, time zone and undo-send time:').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/1280x800-settings-profile-link.png` });
    await page.getByRole('main').getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
    expect(await page.getByLabel('Your time zone').inputValue()).toBe('Europe/Paris');
  });
});
