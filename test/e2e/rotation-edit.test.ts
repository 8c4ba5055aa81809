import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CalendarDto, RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
function addDaysIso(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(Date.UTC(year, month - 1, day + days)));
}
function monday(weeksAhead: number): string {
  const now = new Date();
  const weekday = (now.getUTCDay() + 6) % 7;
  return isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - weekday + weeksAhead * 7)));
}

// A Berlin rotation edited by an admin whose profile says London (the browser itself runs in New York).
describe('an admin edits the rotation in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let admin: ApiClient;
  let rotation: RotationDto;
  const shots = process.env.SCREENSHOT_DIR;

  const calendar = async (from: string, to: string) => (await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=${from}&to=${to}`)).body;
  const names = (days: CalendarDto['days']) => days.map((day) => `${day.date} ${day.primary?.name ?? '-'}`);

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    admin = new ApiClient(testApp.baseUrl);
    const ada = (await admin.setup({ ...FOUNDER, timeZone: 'Europe/London' })).body.person.id;
    const people: Record<string, string> = {};
    for (const name of ['Grace', 'Linus', 'Mia']) {
      people[name] = (await admin.post<PersonDto>('/api/people', { name, email: `${name.toLowerCase()}@wholegrain.test`, password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/Berlin' })).body.id;
    }
    rotation = (
      await admin.post<RotationDto>('/api/rotations', {
        name: 'Everyone on Support',
        timeZone: 'Europe/Berlin',
        workingDays: [1, 2, 3, 4, 5],
        startDate: monday(-2),
        members: [{ personId: ada }, { personId: people.Grace }, { personId: people.Linus }],
      })
    ).body;
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await (await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    if (shots) mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('shows handoff times on the rotation’s clock with the reader’s own (from their profile) beside it', async () => {
    await page.getByRole('link', { name: 'Rotation' }).click();
    await expect.poll(() => page.getByTestId('handoff-time').textContent()).toMatch(/^Handoff at (\w{3} )?09:00 Berlin \((\w{3} )?08:00 your time\)/);
    await expect.poll(() => page.getByTestId('on-duty').textContent()).toMatch(/(\w{3} )?09:00 Berlin \((\w{3} )?08:00 your time\)/);
  });

  it('adds a new hire at a chosen place, removes a leaver, reorders and moves the handoff; the past stays as it was', async () => {
    const lastFixed = addDaysIso(rotation.editableFrom, -1);
    const pastBefore = names((await calendar(rotation.startDate, lastFixed)).days);

    await page.getByRole('button', { name: 'Edit rotation' }).click();
    const form = page.getByRole('form', { name: 'Edit the rotation' });
    const adding = form.getByRole('group', { name: 'Add someone to the rotation' });
    await adding.getByLabel('Add').selectOption({ label: 'Mia' });
    await adding.getByLabel('At position').selectOption({ label: '2 (before Grace)' });
    await adding.getByRole('button', { name: 'Add to the order' }).click();
    const order = form.getByRole('list', { name: 'Turn order' });
    await expect.poll(() => order.locator('.name').allTextContents()).toEqual(['Ada Founder', 'Mia', 'Grace', 'Linus']);
    await form.getByRole('button', { name: 'Remove Linus' }).click();
    await form.getByRole('button', { name: 'Move Grace up' }).click();
    await expect.poll(() => order.locator('.name').allTextContents()).toEqual(['Ada Founder', 'Grace', 'Mia']);
    await form.getByLabel('Handoff time').fill('10:00');
    expect(await form.getByLabel('Takes effect from').inputValue()).toBe(rotation.editableFrom);
    if (shots) await page.screenshot({ path: `${shots}/rotation-edit-desktop.png`, fullPage: true });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('status').getByText(/^Saved\. Duty days from .* are planned with the new settings; earlier days stay as they were\.$/).waitFor();

    const saved = (await admin.get<RotationDto>(`/api/rotations/${rotation.id}`)).body;
    expect(saved.members.map((member) => member.name)).toEqual(['Ada Founder', 'Grace', 'Mia']);
    expect(saved.handoffTime).toBe('10:00');
    expect(names((await calendar(rotation.startDate, lastFixed)).days)).toEqual(pastBefore);
    const future = (await calendar(rotation.editableFrom, addDaysIso(rotation.editableFrom, 13))).days.filter((day) => day.working);
    expect(future.map((day) => day.primary?.name)).not.toContain('Linus');
    expect(future.map((day) => day.primary?.name)).toContain('Mia');
    await expect.poll(() => page.getByTestId('handoff-time').textContent()).toMatch(/^Handoff at (\w{3} )?10:00 Berlin \((\w{3} )?09:00 your time\)/);
  });

  it('revokes a calendar link from the page: the link stops working at once', async () => {
    const panel = page.getByRole('region', { name: 'Calendar subscription' });
    await panel.getByRole('button', { name: 'Create my calendar link' }).click();
    const link = await panel.getByLabel('Calendar link').inputValue();
    expect((await fetch(link)).status).toBe(200);
    const links = panel.getByRole('list', { name: 'Links you made' });
    await expect.poll(() => links.locator('li').count()).toBe(1);
    await links.getByRole('button', { name: /^Revoke your duty days link/ }).click();
    await panel.getByRole('status').getByText('Link revoked: calendar apps using it get nothing from now on.').waitFor();
    expect((await fetch(link)).status).toBe(404);
    expect(await panel.getByLabel('Calendar link').count()).toBe(0);
    await expect.poll(() => links.count()).toBe(0);
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // The form is still open from the edit above.
    const form = page.getByRole('form', { name: 'Edit the rotation' });
    await form.waitFor();
    if (shots) await page.screenshot({ path: `${shots}/rotation-edit-phone.png`, fullPage: true });
    if (shots) await form.screenshot({ path: `${shots}/rotation-edit-phone-form.png` });
    if (shots) await page.getByRole('region', { name: 'Calendar subscription' }).screenshot({ path: `${shots}/rotation-links-phone.png` });
    // Everything inside the page fits the phone's width (no sideways scrolling).
    const wide = await page.evaluate<string[]>(`[...document.querySelectorAll('main *')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((element) => element.tagName + '.' + element.className + ': ' + (element.textContent || '').slice(0, 30))`);
    expect(wide).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
