import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { launchSignedIn } from '../harness/browser.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { assertBuilt, type ProductProcess, runProduct, waitForOutput } from '../harness/product-process.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/connection-lost';

/**
 * The built product as its own process, stopped and started again under an open tab (a restart,
 * an upgrade, a crash): the page says it cannot reach Wholegrain while the server is gone, and
 * stops saying so by itself once it is back.
 */
describe('an open tab while the server stops and starts again', () => {
  let database: TestDatabase;
  let dataDir: string;
  let product: ProductProcess;
  let baseUrl: string;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-connection-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = { DATABASE_URL: database.url, SECRET_KEY: randomBytes(32).toString('base64'), DATA_DIR: dataDir, PORT: String(port) };
    product = runProduct(env);
    await waitForOutput(product, /Wholegrain is ready/);
    expect((await new ApiClient(baseUrl).setup(FOUNDER)).status).toBe(201);
    ({ page, close: closeBrowser } = await launchSignedIn(baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    if (product && product.child.exitCode === null && product.child.signalCode === null) product.child.kill('SIGTERM');
    await product?.exited;
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says it cannot reach Wholegrain while the server is down, and clears by itself when it is back', async () => {
    await page.goto(`${baseUrl}/inbox`);
    await page.getByRole('heading', { name: /Connect a mailbox|All open/ }).first().waitFor();
    // Connected: nothing to say.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('connection-lost').count()).toBe(0);

    product.child.kill('SIGTERM');
    expect((await product.exited).code).toBe(0);
    const lost = page.getByTestId('connection-lost');
    await lost.waitFor({ timeout: 15_000 });
    expect(await lost.textContent()).toMatch(/^Cannot reach Wholegrain\. Reconnecting…/);
    await page.screenshot({ path: `${SHOTS}/1280x800-connection-lost.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/390x844-connection-lost.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    product = runProduct(env);
    await waitForOutput(product, /Wholegrain is ready/);
    await expect.poll(() => lost.count(), { timeout: 30_000 }).toBe(0);
    // Still signed in, and the page works again.
    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: /People/ }).first().waitFor();
  });
});
