import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { assertBuilt } from '../harness/product-process.js';
import { authenticatorCode } from '../harness/totp.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-second-factor';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Two-factor sign-in in chromium: an authenticator app (the test computes the codes, RFC 6238)
 * and a passkey made and used by a virtual authenticator (Chrome DevTools Protocol WebAuthn).
 * Passkeys need a host name (not an IP address), so the browser uses localhost.
 */
describe('two-factor sign-in in a real browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let totpKey: string;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    testApp = await startTestApp();
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    baseUrl = testApp.baseUrl.replace('127.0.0.1', 'localhost');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP localhost 127.0.0.1'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await signInWithPassword();
    await page.waitForURL(/\/inbox(\/|$)/);
  });
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  async function signInWithPassword(): Promise<void> {
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(FOUNDER.email);
    await page.getByLabel('Password').fill(FOUNDER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Leaves the session cookie behind, as a browser restarted without it would (the device cookie stays). */
  async function forgetSession(): Promise<void> {
    await context.clearCookies({ name: 'wg_session' });
  }

  async function lastSignIn(): Promise<unknown> {
    const { rows } = await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'session.signed_in' ORDER BY id DESC LIMIT 1`);
    return rows[0]?.details;
  }

  it('sets up an authenticator app from the QR code and key, confirming with a code, and shows ten recovery codes once', async () => {
    await page.goto(`${baseUrl}/settings`);
    const panel = page.getByRole('region', { name: 'Two-factor sign-in' });
    await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = panel.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    expect(await qr.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);
    totpKey = (await panel.getByTestId('totp-key').innerText()).replace(/\s/g, '');
    expect(totpKey).toMatch(/^[A-Z2-7]{32}$/);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/settings-totp-setup-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.screenshot({ path: `${SHOTS}/settings-totp-setup-phone.png` });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });

    await panel.getByLabel('2. Type the 6-digit code the app shows').fill('000000' === authenticatorCode(totpKey, new Date()) ? '111111' : '000000');
    await panel.getByRole('button', { name: 'Turn on' }).click();
    await panel.getByRole('alert').getByText('That code does not match').waitFor();

    await panel.getByLabel('2. Type the 6-digit code the app shows').fill(authenticatorCode(totpKey, new Date()));
    await panel.getByRole('button', { name: 'Turn on' }).click();
    const codes = panel.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.screenshot({ path: `${SHOTS}/settings-recovery-codes-desktop.png`, fullPage: true });
    await panel.getByRole('button', { name: 'I saved them' }).click();
    await panel.getByText('10 of 10 left').waitFor();
    await panel.getByText('On.').waitFor();
  });

  it('adds a passkey made by the virtual authenticator', async () => {
    const panel = page.getByRole('region', { name: 'Two-factor sign-in' });
    await panel.getByPlaceholder('Name, e.g. “Work laptop”').fill('Test laptop');
    await panel.getByRole('button', { name: 'Add a passkey' }).click();
    await panel.getByRole('listitem').filter({ hasText: 'Test laptop' }).waitFor();
    const { rows } = await testApp.database.pool.query(`SELECT name, length(public_key) AS bytes FROM passkey_credential`);
    expect(rows).toEqual([{ name: 'Test laptop', bytes: expect.any(Number) }]);
    await page.screenshot({ path: `${SHOTS}/settings-two-factor-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await panel.screenshot({ path: `${SHOTS}/settings-two-factor-phone.png` });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('after the password, signs in with the passkey', async () => {
    await forgetSession();
    await signInWithPassword();
    await page.waitForURL(/\/sign-in\/second-step$/);
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    // Half signed in: the API still answers "not signed in".
    expect(await page.evaluate<number>(`fetch('/api/people').then((response) => response.status)`)).toBe(401);
    await page.screenshot({ path: `${SHOTS}/second-step-desktop.png` });
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(/\/inbox(\/|$)/);
    expect(await lastSignIn()).toMatchObject({ secondFactor: 'passkey' });
  });

  it('after the password, signs in with a code from the authenticator app (computed here), on a phone-sized screen', async () => {
    await forgetSession();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInWithPassword();
    await page.waitForURL(/\/sign-in\/second-step$/);
    await page.getByLabel('Code from your authenticator app').waitFor();
    await page.screenshot({ path: `${SHOTS}/second-step-phone.png` });
    // The code that confirmed the app has spent its step; the next step's code (within the ±1 window) is new.
    await page.getByLabel('Code from your authenticator app').fill(authenticatorCode(totpKey, new Date(), 1));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/inbox(\/|$)/);
    expect(await lastSignIn()).toMatchObject({ secondFactor: 'totp' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('refuses a wrong code with a clear message and lets a recovery code in instead', async () => {
    await forgetSession();
    await signInWithPassword();
    await page.waitForURL(/\/sign-in\/second-step$/);
    await page.getByLabel('Code from your authenticator app').fill('123456' === authenticatorCode(totpKey, new Date()) ? '654321' : '123456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText(/not right/).waitFor();
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').waitFor();
    expect(page.url()).toMatch(/second-step$/);
  });

  it('an admin requires two-factor for everyone and sees who has it on the People page', async () => {
    await forgetSession();
    await signInWithPassword();
    await page.waitForURL(/\/sign-in\/second-step$/);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(/\/inbox(\/|$)/);
    await page.goto(`${baseUrl}/settings`);
    // The box follows the server: it shows checked once the setting is saved.
    await page.getByLabel('Require two-factor sign-in for everyone').click();
    await expect.poll(() => page.getByLabel('Require two-factor sign-in for everyone').isChecked()).toBe(true);
    await expect.poll(async () => (await testApp.database.pool.query(`SELECT value FROM app_setting WHERE key = 'require_second_factor'`)).rows[0]?.value).toBe(true);

    // A member joins while it is required: after the password they can only set up a second factor (here through the API).
    const member = { name: 'Grace Hopper', email: 'grace@wholegrain.test', password: 'grace long password', access: 'member', supportRole: 'programmer', timeZone: 'UTC' };
    const created = await page.evaluate<number>(
      `fetch('/api/session').then((r) => r.json()).then((s) => fetch('/api/people', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken }, body: ${JSON.stringify(JSON.stringify(member))} })).then((r) => r.status)`,
    );
    expect(created).toBe(201);
    const grace = new ApiClient(testApp.baseUrl);
    expect((await grace.signIn(member.email, member.password)).body.mustEnrolSecondFactor).toBe(true);
    expect((await grace.get('/api/conversations')).status).toBe(403);
    const started = await grace.post('/api/account/second-factor/totp');
    expect((await grace.post('/api/account/second-factor/totp/confirm', { code: authenticatorCode(started.body.secret, new Date()) })).status).toBe(200);

    await page.goto(`${baseUrl}/people`);
    await page.getByRole('cell', { name: 'On (app, passkey)' }).waitFor();
    await page.getByRole('cell', { name: 'On (app)', exact: true }).waitFor();
    await page.screenshot({ path: `${SHOTS}/people-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/people-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Grace lost her phone: the admin resets her second factor; she is signed out, and it is audited.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset two-factor sign-in for Grace Hopper' }).click();
    await page.getByRole('status').getByText('Two-factor reset; Grace Hopper was signed out.').waitFor();
    expect((await grace.get('/api/session')).status).toBe(401);
    const { rows } = await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'person.second_factor_reset'`);
    expect(rows).toEqual([{ details: { removed: { totp: true, passkeys: 0, recoveryCodes: 10 } } }]);
  });

  it('asks for your password again before removing your own passkey or replacing recovery codes', async () => {
    await page.goto(`${baseUrl}/settings`);
    const panel = page.getByRole('region', { name: 'Two-factor sign-in' });
    await panel.getByRole('button', { name: 'Remove passkey Test laptop' }).click();
    const prompt = panel.getByRole('form', { name: 'Confirm with your password' });
    await prompt.getByText('Remove the passkey “Test laptop”?').waitFor();
    await prompt.getByLabel('Your password').fill('not my password');
    await prompt.getByRole('button', { name: 'Remove the passkey' }).click();
    await prompt.getByRole('alert').getByText('Your password is not correct.').waitFor();
    await page.screenshot({ path: `${SHOTS}/settings-reauth-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await prompt.screenshot({ path: `${SHOTS}/settings-reauth-phone.png` });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect((await testApp.database.pool.query(`SELECT name FROM passkey_credential`)).rows).toEqual([{ name: 'Test laptop' }]);

    await prompt.getByLabel('Your password').fill(FOUNDER.password);
    await prompt.getByRole('button', { name: 'Remove the passkey' }).click();
    await prompt.waitFor({ state: 'detached' });
    await panel.getByText('No passkeys yet.').waitFor();
    expect((await testApp.database.pool.query(`SELECT name FROM passkey_credential`)).rows).toEqual([]);

    const codeHashes = async () =>
      (await testApp.database.pool.query(`SELECT encode(code_hash, 'hex') AS hash FROM recovery_code WHERE person_id = (SELECT id FROM person WHERE email = $1) AND used_at IS NULL`, [FOUNDER.email])).rows.map((row) => row.hash as string);
    const before = await codeHashes();
    await panel.getByRole('button', { name: 'New recovery codes' }).click();
    await prompt.getByLabel('Your password').fill(FOUNDER.password);
    await prompt.getByRole('button', { name: 'Make new codes' }).click();
    await panel.getByRole('button', { name: 'I saved them' }).waitFor();
    const after = await codeHashes();
    expect(after).toHaveLength(10);
    expect(after.filter((hash) => before.includes(hash))).toEqual([]);
  });
});
