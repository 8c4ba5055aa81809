import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { assertBuilt } from '../harness/product-process.js';

describe('an admin sets up the rotation in the browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let admin: ApiClient;

  beforeAll(async () => {
    assertBuilt();
    testApp = await startTestApp();
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup({ ...FOUNDER, timeZone: 'UTC' });
    await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'UTC' });
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await (await browser.newContext({ timezoneId: 'UTC' })).newPage();
    page.setDefaultTimeout(15_000);
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
  });

  it('creates the rotation with people in turn order', async () => {
    await page.getByRole('link', { name: 'Rotation' }).click();
    const form = page.getByRole('form', { name: 'Create the rotation' });
    await form.getByLabel('Grace').check();
    await form.getByLabel('Ada Founder').check();
    await form.getByRole('button', { name: 'Create rotation' }).click();
    await page.getByRole('heading', { name: 'Everyone on Support' }).waitFor();
    const rotations = (await admin.get('/api/rotations')).body;
    expect(rotations[0].members.map((member: { name: string }) => member.name)).toEqual(['Grace', 'Ada Founder']);
    expect(rotations[0].timeZone).toBe('UTC');
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
