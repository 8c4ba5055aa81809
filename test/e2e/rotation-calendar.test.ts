import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CalendarDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

const isoDate = (date: Date) => date.toISOString().slice(0, 10);
/** Monday of the week `weeksAhead` from now, in UTC (the rotation below runs in UTC too). */
function monday(weeksAhead: number): string {
  const now = new Date();
  const weekday = (now.getUTCDay() + 6) % 7;
  return isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - weekday + weeksAhead * 7)));
}

describe('the rotation calendar in a real browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let admin: ApiClient;
  let rotationId: string;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    admin = new ApiClient(testApp.baseUrl);
    const ada = (await admin.setup({ ...FOUNDER, timeZone: 'UTC' })).body.person.id;
    const grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'UTC' })).body.id;
    const rotation = await admin.post('/api/rotations', {
      name: 'Everyone on Support',
      timeZone: 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      startDate: monday(-2),
      members: [{ personId: ada }, { personId: grace }],
    });
    rotationId = rotation.body.id;
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, 'grace@wholegrain.test', 'a long first password'));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('shows the week with today marked, who is on duty each day, and Grace’s own days highlighted', async () => {
    await page.getByRole('link', { name: 'Rotation' }).click();
    const week = page.getByRole('list', { name: /^Week of/ });
    await week.waitFor();
    expect(await week.locator(':scope > li').count()).toBe(7);
    expect(await week.locator('[aria-current="date"]').count()).toBe(1);
    expect(await week.getByText('Not a working day').count()).toBe(2);
    const planned = (await admin.get<CalendarDto>(`/api/rotations/${rotationId}/calendar?from=${monday(0)}&to=${monday(0)}`)).body.days[0]!.primary!.name;
    expect(await week.locator(':scope > li').first().textContent()).toContain(planned);
    expect(await week.locator('li.mine').count()).toBeGreaterThan(0);
    // The header says who is on duty until the next handoff, agreeing with the API's duty day.
    const [now] = (await admin.get('/api/duty/now')).body;
    const header = await page.getByTestId('on-duty').textContent();
    expect(header).toMatch(now.primary ? new RegExp(`^On duty: ${now.primary.name} until (\\w{3} )?\\d{2}:\\d{2}`) : /^On duty: [Nn]obody/);
    // One rotation in the reader's own zone: the zone is named once, after the last time.
    expect(header?.match(/UTC/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const shots = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/rotation-calendar';
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${shots}/1280x800-on-duty-topbar.png` });
    console.log(`top bar at 1280×800: ${await page.locator('.topbar').evaluate((element) => element.getBoundingClientRect().height)} px; "${header}"`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.screenshot({ path: `${shots}/390x844-on-duty-menu.png` });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows a month overview with today marked', async () => {
    await page.getByRole('button', { name: 'Month overview' }).click();
    const month = page.getByRole('table', { name: /^Month of/ });
    await month.waitFor();
    expect(await month.locator('tbody td').count()).toBe(35);
    expect(await month.locator('td[aria-current="date"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Week view' }).click();
  });

  it('moves between weeks and records an absence whose day shows as covered', async () => {
    await page.getByRole('button', { name: 'Next week →' }).click();
    const nextMonday = monday(1);
    const before = (await admin.get<CalendarDto>(`/api/rotations/${rotationId}/calendar?from=${nextMonday}&to=${addDaysIso(nextMonday, 4)}`)).body.days;
    const graceDay = before.find((day) => day.primary?.name === 'Grace')!;
    await page.getByLabel('From').fill(graceDay.date);
    await page.getByLabel('Reason').fill('Conference');
    await page.getByRole('button', { name: 'Mark absence' }).click();
    await page.getByText('Absence recorded.').waitFor();
    const dayCard = page.getByRole('list', { name: /^Week of/ }).locator(':scope > li').nth(before.indexOf(graceDay));
    await expect.poll(() => dayCard.textContent()).toContain('Ada Founder (covering)');
    await page.getByRole('table', { name: 'Fairness' }).getByRole('cell', { name: 'Grace' }).waitFor();

    await page.getByLabel('Note for the next person on duty').fill('Carla is waiting on the export fix.');
    // Addressed to Ada: she is notified (Grace cannot address herself).
    expect(await page.getByLabel('Addressed to', { exact: true }).locator('option').allTextContents()).toEqual(['whoever is on duty next', 'Ada Founder (notified)']);
    await page.getByLabel('Addressed to', { exact: true }).selectOption({ label: 'Ada Founder (notified)' });
    await page.getByRole('button', { name: 'Leave handoff note' }).click();
    await page.getByRole('heading', { name: /^Handoff note from Grace for Ada Founder/ }).waitFor();
    expect((await admin.get<{ items: { kind: string; body: string }[] }>('/api/notifications')).body.items[0]).toMatchObject({ kind: 'handoff_note', body: 'Carla is waiting on the export fix.' });
    await page.getByText('Carla is waiting on the export fix.').waitFor();
    // The next person on duty sees it first thing, on the inbox.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('region', { name: 'Handoff note for Everyone on Support' }).getByText('Carla is waiting on the export fix.').waitFor();
    await page.getByRole('link', { name: 'Rotation' }).click();

    await page.getByRole('button', { name: 'Create my calendar link' }).click();
    const link = await page.getByLabel('Calendar link').inputValue();
    expect(link).toMatch(new RegExp(`^${testApp.baseUrl}/api/ical/[\\w-]{32}\\.ics$`));
    expect(await (await fetch(link)).text()).toContain('BEGIN:VCALENDAR');
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/rotation.png`, fullPage: true });
  });

  it('swaps: Grace asks someone to take one of her days, Ada takes it by giving one of hers back', async () => {
    await page.getByRole('link', { name: 'Rotation' }).click();
    const swaps = page.getByRole('region', { name: 'Swap requests' });
    await swaps.getByLabel('Why').fill('Dentist');
    await swaps.getByRole('button', { name: 'Ask for a swap' }).click();
    await swaps.getByText(/Grace asks someone to take .*“Dentist”/).waitFor();

    const context = await browser.newContext();
    const adaPage = await context.newPage();
    adaPage.setDefaultTimeout(15_000);
    await signInThroughPage(adaPage, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    await adaPage.getByRole('link', { name: 'Rotation' }).click();
    const adaSwaps = adaPage.getByRole('region', { name: 'Swap requests' });
    await adaSwaps.getByRole('button', { name: /^Take / }).click();
    await adaSwaps.getByText('No open swap requests.').waitFor();
    await context.close();
    const requests = (await admin.get(`/api/rotations/${rotationId}/swap-requests`)).body;
    expect(requests.map((request: { status: string; reason: string }) => [request.status, request.reason])).toEqual([['taken', 'Dentist']]);
  });
});

function addDaysIso(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(Date.UTC(year, month - 1, day + days)));
}
