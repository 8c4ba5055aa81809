import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { TestClock } from '../harness/clock.js';
import { REPORT_MONTH, seedDutyMonth } from '../harness/duty-report-seed.js';
import { assertBuilt } from '../harness/product-process.js';

const SHOTS = process.env.WG_SCREENSHOTS ?? '/tmp/wt18b-shots';

describe('the Reports page over a seeded month', () => {
  const clock = new TestClock(REPORT_MONTH.now);
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp({ clock });
    const admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    await seedDutyMonth(testApp, admin);
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('draws the charts, shows the tables behind them and downloads the CSV', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Duty reports' }).waitFor();
    // Without dates: the four weeks up to this one (the clock says Tuesday 1 December).
    await expect.poll(() => page.getByLabel('From').inputValue()).toBe('2026-11-09');
    expect(await page.getByLabel('To').inputValue()).toBe('2026-12-06');
    await page.getByLabel('From').fill(REPORT_MONTH.from);
    await page.getByLabel('To').fill(REPORT_MONTH.to);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/from=2026-11-02&to=2026-11-29/);
    await expect.poll(() => page.getByTestId('report-day').first().textContent()).toContain('Nov 2');

    // Charts: real SVG from the chart library, one bar per figure and day.
    const days = page.getByTestId('chart-days');
    await days.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await days.locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    // The legend reads in the order the bars stand (then the line), each key in its bar's colour.
    expect(await days.locator('.recharts-legend-item-text').allTextContents()).toEqual(['Received', 'Answered', 'Closed', 'Waiting at handoff']);
    const barFills = await days.locator('.recharts-bar').evaluateAll((bars) => bars.map((bar) => bar.querySelector('.recharts-rectangle')?.getAttribute('fill')));
    const keyFills = await days.locator('.recharts-legend-item').evaluateAll((items) => items.map((item) => item.querySelector('.recharts-surface path')?.getAttribute('fill')));
    expect(barFills).toHaveLength(3);
    expect(new Set(barFills).size).toBe(3);
    expect(keyFills.slice(0, 3)).toEqual(barFills);
    for (const chart of ['chart-response', 'chart-fairness']) {
      const names = await page.getByTestId(chart).locator('.recharts-legend-item-text').allTextContents();
      expect(names).toEqual(chart === 'chart-response' ? ['Median (p50)', 'p90'] : ['Days on duty', 'Fair share']);
    }
    expect(await page.getByTestId('chart-response').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-fairness').locator('.recharts-bar-rectangle').count()).toBe(6); // 3 people × (served, fair share)

    // The table behind them: Ada's figures over the month.
    const perPerson = page.getByRole('table', { name: 'Per person over the period' });
    const ada = perPerson.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ada Founder' }) });
    expect((await ada.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual(['6', '2', '2', '1', '10 h 15 min', '17 h 15 min', '1', '1', '6 of 6.7 (−10 % of target)']);
    const ben = perPerson.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ben' }) });
    expect((await ben.getByRole('cell').allTextContents())[6]).toBe('3'); // waiting at handoff
    expect(await page.getByTestId('report-day').count()).toBe(28);
    const saturday = page.getByTestId('report-day').nth(5);
    expect(await saturday.textContent()).toContain('not a working day');

    await page.screenshot({ path: path.join(SHOTS, 'reports-desktop.png') });
    await page.screenshot({ path: path.join(SHOTS, 'reports-desktop-full.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-days').click()]);
    expect(download.suggestedFilename()).toBe('duty-days-2026-11-02-to-2026-11-29.csv');
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(file, 'utf8')).split('\r\n');
    expect(lines[1]).toBe('2026-11-02,yes,Ada Founder,2,1,1,615,1035,2,1,1');
  });

  it('shows the days before the rotation began as "no rotation", in the table and the CSV', async () => {
    // The rotation was created on Monday 26 October to begin on Monday 2 November.
    await page.getByLabel('From').fill('2026-10-26');
    await page.getByLabel('To').fill('2026-11-08');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/from=2026-10-26&to=2026-11-08/);
    await expect.poll(() => page.getByTestId('report-day').first().textContent()).toContain('Oct 26');
    const rows = await page.getByTestId('report-day').allTextContents();
    expect(rows).toHaveLength(14);
    for (const row of rows.slice(0, 7)) expect(row).toContain('no rotation');
    expect(rows[7]).toContain('Ada Founder');
    await page.screenshot({ path: path.join(SHOTS, 'reports-before-rotation.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-days').click()]);
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile((await download.path())!, 'utf8')).split('\r\n');
    expect(lines[1]).toBe('2026-10-26,no rotation,,0,0,0,,,0,,0');
    expect(lines[8]).toMatch(/^2026-11-02,yes,Ada Founder,/);
  });

  it('fits a phone: no sideways scrolling, the wide tables scroll in their own box', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInThroughPage(phone, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
    await phone.goto(`${testApp.baseUrl}/reports?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}`);
    await phone.getByTestId('chart-days').locator('.recharts-bar-rectangle').first().waitFor({ timeout: 20_000 });
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    for (const link of await phone.locator('.report-downloads a').all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await phone.screenshot({ path: path.join(SHOTS, 'reports-phone.png') });
    await phone.screenshot({ path: path.join(SHOTS, 'reports-phone-full.png'), fullPage: true });
    await phone.close();
  });
});
