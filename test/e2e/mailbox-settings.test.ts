import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

describe('connecting a mailbox in Settings, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot, smtp] = await Promise.all([startTestApp({ config: { maxMessageBytes: 1024 * 1024 } }), startDovecot(), startSmtpReceiver()]);
    await dovecot.addUser('help', SHARED_PASSWORD);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('tests the connection, connects the mailbox and shows its sync status', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('No mailbox connected yet').waitFor();
    // No SMTP_URL and no mailbox: Wholegrain says it cannot send its own mail.
    const systemMail = page.getByRole('note', { name: 'System mail' });
    await systemMail.getByText('Wholegrain cannot send email of its own.').waitFor();
    await page.getByRole('button', { name: 'Connect a mailbox' }).click();
    await page.getByRole('button', { name: /Other \(IMAP\/SMTP\)/ }).click();
    const form = page.getByRole('form', { name: 'Connect a mailbox' });
    await form.getByLabel('Address customers write to').fill('help@wholegrain.test');
    for (const [kind, port, user, password] of [
      ['IMAP', dovecot.port, 'help', SHARED_PASSWORD],
      ['SMTP', smtp.port, SMTP_USER, SMTP_PASSWORD],
    ] as const) {
      await form.getByLabel(`${kind} host`).fill('127.0.0.1');
      await form.getByLabel(`${kind} port`).fill(String(port));
      await form.getByLabel(`${kind} user`).fill(user);
      await form.getByLabel(`${kind} password`).fill('wrong');
      await form.getByLabel(new RegExp(`${kind}: TLS from the start`)).uncheck();
      if (kind === 'IMAP') await form.getByLabel(`${kind} password`).fill(password);
    }
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = form.getByRole('status', { name: 'Connection test' });
    await result.getByText('IMAP: connected and signed in').waitFor();
    await result.getByText(/SMTP: The SMTP server at 127\.0\.0\.1:\d+ refused the user name or password\./).waitFor();

    await form.getByLabel('SMTP password').fill(SMTP_PASSWORD);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await result.getByText('SMTP: connected and signed in').waitFor();
    await form.getByRole('button', { name: 'Connect mailbox' }).click();

    const card = page.getByRole('article', { name: 'Support' });
    await card.getByText('help@wholegrain.test').waitFor();
    expect(await card.getByTestId('last-success').textContent()).toBe('never');
    // Never synced is not "Up to date".
    expect(['Waiting for the first sync', 'Syncing']).toContain(await card.getByTestId('sync-stage').textContent());
    // Now system mail (reminders, digests, password resets…) goes out through this mailbox's SMTP server.
    await systemMail.getByText(/goes out through the SMTP server of help@wholegrain\.test, the first mailbox/).waitFor();
    expect(await systemMail.textContent()).toContain('duty reminders, digests, notification emails, sign-in alerts, invitations and password resets');
    if (process.env.SCREENSHOT_DIR) await systemMail.screenshot({ path: `${process.env.SCREENSHOT_DIR}/system-mail-mailbox.png` });
  });

  it('syncs now, reports the counts, and lists what could not be processed', async () => {
    await dovecot.deliver('help', [buildInboundEmail({ subject: 'One' }), buildInboundEmail({ subject: 'Two' }), buildInboundEmail({ subject: 'too big', body: 'words '.repeat(200_000) })]);
    const card = page.getByRole('article', { name: 'Support' });
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.getByText('Synced: 3 fetched, 2 new, 0 duplicates, 1 quarantined.').waitFor();
    await expect.poll(async () => card.getByTestId('last-success').textContent()).toMatch(/now|second/);
    expect(await card.getByTestId('sync-stage').textContent()).toBe('Up to date');
    await card.getByRole('link', { name: '1 message(s) could not be processed' }).waitFor();
    const quarantine = page.locator('#quarantine');
    await quarantine.getByRole('cell', { name: 'too big', exact: true }).waitFor();
    await quarantine.getByText(/over the 1 MB limit/).waitFor();
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/settings.png`, fullPage: true });
  });
});
