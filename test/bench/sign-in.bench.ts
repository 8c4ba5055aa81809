import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../api/src/people/password.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser.js';
import { startDovecot, type Dovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { assertBuilt } from '../harness/product-process.js';
import { type BenchProduct, startBenchProduct } from './bench-product.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const figures = (values: number[]) => `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms`;

/**
 * Signing in as a person does it in chromium: the sign-in page is on screen, the click on "Sign in",
 * then the inbox with its conversations on screen. Two browsers: the returning one (the browser
 * used every day: signed out, a new tab, the app's files already in its cache) is what the goal is
 * about; a fresh profile (nothing cached, the very first visit) is printed beside it. Baselines
 * measured in the same run: the password hash alone (argon2id with the product's parameters, the
 * irreducible part) and the sign-in request alone through the API. Goal: ≤ 300 ms from the click
 * to the inbox on screen. The browser talks to the built product running as its own process with
 * `npm start`'s flags (as people run it); the test app in this process only prepares the database.
 * Run with `npm run build && npx vitest run --project bench test/bench/sign-in.bench.ts`.
 */
describe('signing in', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  /** The product people run, as its own process on the test app's database: what the browser and the request baseline talk to. */
  let product: BenchProduct;
  let baseUrl: string;

  beforeAll(async () => {
    assertBuilt();
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    const mailbox = await createTestMailbox(testApp, dovecot, 'signin');
    await dovecot.deliver(
      'signin',
      Array.from({ length: 60 }, (_, index) => buildInboundEmail({ subject: `Question ${index}`, from: `Customer ${index} <customer${index}@customer.example>` })),
    );
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    product = await startBenchProduct(testApp);
    baseUrl = product.baseUrl;
  }, 120_000);
  afterAll(async () => {
    await product?.stop();
    await testApp?.close();
    await dovecot?.stop();
  });

  it('takes the person from the click to the inbox within the goal (≤ 300 ms)', async () => {
    const stored = await hashPassword(FOUNDER.password);
    const argon: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      expect(await verifyPassword(stored, FOUNDER.password)).toBe(true);
      argon.push(performance.now() - started);
    }
    const request: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const client = new ApiClient(baseUrl);
      const started = performance.now();
      const response = await client.post('/api/session', { email: FOUNDER.email, password: FOUNDER.password });
      request.push(performance.now() - started);
      expect(response.status).toBeLessThan(300);
    }

    const { browser, close } = await launchBrowser();
    /** One sign-in on a page showing the sign-in form: click → rows on screen (in-page), as the driver saw it, and the requests after the click. */
    const signInOnce = async (page: Page): Promise<{ toInbox: number; driven: number; waterfall: string }> => {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Email').fill(FOUNDER.email);
      await page.getByLabel('Password').fill(FOUNDER.password);
      const button = page.getByRole('button', { name: 'Sign in' });
      await button.waitFor();
      // Timed inside the page (the click event to the frame that shows the first row), so the
      // test driver's own latency is left out.
      await page.evaluate(`(() => {
        window.__timing = {};
        document.addEventListener('click', () => { window.__timing.click = performance.now(); }, { capture: true, once: true });
        new MutationObserver((_, observer) => {
          if (!document.querySelector('[data-testid="conversation-row"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => { window.__timing.rows = performance.now(); });
        }).observe(document.body, { childList: true, subtree: true });
      })()`);
      const started = performance.now();
      await button.click();
      await page.getByTestId('conversation-row').first().waitFor({ timeout: 30_000 });
      const driven = performance.now() - started;
      await page.waitForFunction('window.__timing.rows !== undefined');
      const timing = (await page.evaluate('window.__timing')) as { click: number; rows: number };
      const requests = (await page.evaluate(
        `performance.getEntriesByType('resource').map((entry) => [entry.name.replace(location.origin, ''), entry.startTime, entry.responseEnd])`,
      )) as [string, number, number][];
      const waterfall =
        requests
          .filter(([, , end]) => end >= timing.click)
          .map(([name, start, end]) => `      ${(start - timing.click).toFixed(0).padStart(5)} → ${(end - timing.click).toFixed(0).padStart(5)} ms  ${name}`)
          .join('\n') + `\n      rows on screen at ${(timing.rows - timing.click).toFixed(0)} ms`;
      return { toInbox: timing.rows - timing.click, driven, waterfall };
    };
    // Returning: the browser people use every day. Signed out (its cookies gone), a new tab opens the
    // sign-in page with the app's files in the browser's cache, as the next morning. One sign-in first
    // fills the cache; it is not counted.
    const toInbox: number[] = [];
    const waterfalls: string[] = [];
    const driven: number[] = [];
    // A fresh browser profile (nothing cached, the very first visit): each run in its own new context.
    const fresh: number[] = [];
    try {
      const everyday = await browser.newContext();
      for (let run = -1; run < RUNS; run += 1) {
        const page = await everyday.newPage();
        const result = await signInOnce(page);
        if (run >= 0) {
          toInbox.push(result.toInbox);
          driven.push(result.driven);
          waterfalls.push(result.waterfall);
        }
        await page.close();
        await everyday.clearCookies();
      }
      await everyday.close();
      for (let run = 0; run < RUNS; run += 1) {
        const context = await browser.newContext();
        fresh.push((await signInOnce(await context.newPage())).toInbox);
        await context.close();
      }
    } finally {
      await close();
    }
    console.log(
      `\nSigning in, ${RUNS} runs each:\n` +
        `  click → inbox with its conversations on screen (chromium, in-page), returning (same browser, new tab, signed out): ${figures(toInbox)}\n` +
        `  the same timed by the test driver (playwright click → row found):                                                ${figures(driven)}\n` +
        `  click → inbox, first visit (a fresh browser profile, nothing cached):                                            ${figures(fresh)}\n` +
        `  baseline, the password hash alone (argon2id verify, product parameters):  ${figures(argon)}\n` +
        `  baseline, POST /api/session alone:                                        ${figures(request)}\n` +
        `  p50 ratio click→inbox (returning) / sign-in request: ${(percentile(toInbox, 50) / percentile(request, 50)).toFixed(1)}, goal 300 ms\n` +
        `  the median returning run, request by request (from the click):\n${waterfalls[toInbox.indexOf(percentile(toInbox, 50))]}\n`,
    );
    expect(percentile(toInbox, 50)).toBeLessThanOrEqual(300);
  });
});
