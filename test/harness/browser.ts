import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, headless, with nothing phoning home (the network here is closed anyway). */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  // playwright gives each launch its own throwaway profile directory.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { browser, close: () => browser.close() };
}

/** Signs in through the real sign-in page and waits for the inbox. */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inbox(\/|$)/);
}

/** A browser with one page, already signed in (15 s default timeout), ready for a test file's beforeAll. */
export async function launchSignedIn(baseUrl: string, email: string, password: string): Promise<{ browser: Browser; page: Page; close(): Promise<void> }> {
  const { browser, close } = await launchBrowser();
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await signInThroughPage(page, baseUrl, email, password);
  return { browser, page, close };
}
