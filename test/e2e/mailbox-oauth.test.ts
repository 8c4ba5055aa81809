import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { type OAuthServer, startOAuthServer } from '../harness/oauth-server.js';
import { assertBuilt } from '../harness/product-process.js';
import { type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const ADDRESS = 'help@oauth.test';

describe('connecting a mailbox over OAuth 2.0, in a real browser', () => {
  let oauth: OAuthServer;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    oauth = await startOAuthServer();
    const port = await freePort();
    [dovecot, smtp, testApp] = await Promise.all([
      startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } }),
      startSmtpReceiver({ oauth: { validToken: (user, token) => oauth.tokenOwner(token) === user } }),
      startTestApp({ port, config: { publicUrl: `http://127.0.0.1:${port}`, backgroundJobs: true, syncTickMs: 300 } }),
    ]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop(), oauth?.stop()]);
  });

  it('registers the app with the redirect URL shown in Settings, signs in at the provider and syncs the mail', async () => {
    await dovecot.deliver(ADDRESS, [buildInboundEmail({ to: ADDRESS, subject: 'Export to CSV loses accents' })]);
    oauth.signInAs(ADDRESS);
    // Short-lived tokens (inside the 5-minute margin): every use refreshes, as an hour later would.
    oauth.setAccessTokenTtl(301);
    await page.getByRole('link', { name: 'Settings' }).click();

    const apps = page.getByRole('region', { name: 'OAuth app registrations' });
    await apps.getByText('OAuth 2.0 (custom): not configured').click();
    expect(await apps.getByTestId('redirect-url-oauth_custom').textContent()).toBe(`${testApp.baseUrl}/api/oauth/callback`);
    const registration = apps.getByRole('form', { name: 'OAuth 2.0 (custom) app registration' });
    await registration.getByLabel('Client id').fill(oauth.clientId);
    await registration.getByLabel('Client secret').fill(oauth.clientSecret);
    await registration.getByLabel('Authorization URL').fill(oauth.authorizationUrl);
    await registration.getByLabel('Token URL').fill(oauth.tokenUrl);
    await registration.getByLabel('Userinfo URL (optional)').fill(oauth.userinfoUrl);
    await registration.getByLabel('Scopes').fill('openid email mail');
    await registration.getByRole('button', { name: 'Save app registration' }).click();
    await apps.getByText('OAuth 2.0 (custom): configured').waitFor();

    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    await page.getByRole('button', { name: /OAuth 2\.0 \(custom\)/ }).click();
    const form = page.getByRole('form', { name: 'Connect with OAuth 2.0 (custom)' });
    await form.getByLabel('Name').fill('Help desk');
    await form.getByLabel('IMAP host').fill('127.0.0.1');
    await form.getByLabel('IMAP port').fill(String(dovecot.port));
    await form.getByLabel('SMTP host').fill('127.0.0.1');
    await form.getByLabel('SMTP port').fill(String(smtp.port));
    await form.getByLabel('IMAP: TLS from the start').uncheck();
    await form.getByLabel(/SMTP: TLS from the start/).uncheck();
    await form.getByRole('button', { name: 'Sign in with OAuth 2.0 (custom)' }).click();

    // The provider consents at once and sends the browser back to Settings.
    await page.waitForURL(/\/settings\?oauth=connected/);
    await page.getByText('Mailbox connected.').waitFor();
    const card = page.getByRole('article', { name: 'Help desk' });
    await card.getByText(ADDRESS).first().waitFor();
    await card.getByText('OAuth 2.0 (custom)', { exact: true }).waitFor();
    await expect.poll(async () => card.getByTestId('last-success').textContent(), { timeout: 15_000 }).toMatch(/now|second/);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Export to CSV loses accents').first().waitFor();
  });

  it('shows Reconnect when consent is revoked, tells the admin, and resumes without losing mail', async () => {
    oauth.revoke(ADDRESS);
    await dovecot.deliver(ADDRESS, [buildInboundEmail({ to: ADDRESS, subject: 'Written while disconnected' })]);
    await page.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('article', { name: 'Help desk' });
    await expect.poll(async () => card.getByTestId('sync-stage').textContent(), { timeout: 30_000 }).toBe('Needs to be reconnected');
    await page.reload();
    await page.getByRole('region', { name: 'Notices' }).getByText(`Reconnect ${ADDRESS}`).waitFor();
    const refusedRefreshes = oauth.refreshRequests(ADDRESS);
    await page.waitForTimeout(1500);
    expect(oauth.refreshRequests(ADDRESS)).toBe(refusedRefreshes);

    await card.getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForURL(/\/settings\?oauth=connected/);
    await expect.poll(async () => card.getByTestId('sync-stage').textContent(), { timeout: 15_000 }).toBe('Up to date');
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Written while disconnected').first().waitFor();
    await page.getByText('Export to CSV loses accents').first().waitFor();
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/oauth-settings.png`, fullPage: true });
  });

  it('fills in well-known servers for "Other" and sends a Microsoft address to the Microsoft choice', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    await page.getByRole('button', { name: /Other \(IMAP\/SMTP\)/ }).click();
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Address customers write to').fill('help@fastmail.com');
    await form.getByLabel('Folders').focus();
    await expect.poll(async () => form.getByLabel('IMAP host').inputValue()).toBe('imap.fastmail.com');
    expect(await form.getByLabel('SMTP port').inputValue()).toBe('465');
    expect(await form.getByLabel('IMAP user').inputValue()).toBe('help@fastmail.com');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    await page.getByRole('button', { name: /Other \(IMAP\/SMTP\)/ }).click();
    await form.getByLabel('Address customers write to').fill('help@outlook.com');
    await form.getByLabel('Folders').focus();
    await form.getByText(/choose Microsoft to sign in with OAuth/).waitFor();
  });
});
