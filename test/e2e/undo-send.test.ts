import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/undo-send';

describe('undo send, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let mailbox: Mailbox;
  let api: ApiClient;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // The real outbox worker runs (every 2 s); 30 seconds to undo (the most), so a loaded machine still clicks in time.
    [testApp, dovecot, smtp] = await Promise.all([startTestApp({ config: { backgroundJobs: true, undoSendSeconds: 30 } }), startDovecot(), startSmtpReceiver()]);
    api = new ApiClient(testApp.baseUrl);
    await api.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'undo', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('undo', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Refund please', body: 'Could I get a refund for the double charge?' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('counts down, and Undo puts the exact words and recipients back; nothing reaches the customer', async () => {
    await page.getByTestId('conversation-row').first().click();
    await page.getByRole('heading', { name: 'Refund please' }).waitFor();
    const words = 'Hi Ana,\n\nthe double charge is refunded: **12,50 €** back on your card within 3 days.';
    await page.locator('#composer-text').fill(words);
    await page.getByRole('button', { name: 'Cc/Bcc, edit recipients' }).click();
    await page.getByLabel('Cc', { exact: true }).fill('books@customer.example');
    await page.locator('#composer-text').focus();
    await page.keyboard.press('Control+Enter');
    // A second look: books@ is new to this conversation.
    await page.getByRole('button', { name: 'Send to 2 people' }).click();

    const countdown = page.getByTestId('undo-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^Sending in (30|2\d|1\d) s$/);
    const first = Number(/\d+/.exec((await countdown.textContent()) ?? '')?.[0]);
    await expect.poll(async () => Number(/\d+/.exec((await countdown.textContent()) ?? '')?.[0] ?? 99)).toBeLessThan(first);
    expect(await page.getByTestId('send-status').textContent()).toBe('Not sent yet (undo possible)');
    expect(await page.locator('#composer-text').inputValue()).toBe('');
    await page.getByTestId('undo-send').screenshot({ path: `${SHOTS}/1280x800-countdown.png` });
    await page.screenshot({ path: `${SHOTS}/1280x800-countdown-page.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('undo-send').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-countdown.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });

    const undoResponse = page.waitForResponse((response) => response.url().includes('/undo'));
    await page.getByTestId('undo-send').getByRole('button', { name: 'Undo' }).click();
    const answered = await undoResponse;
    expect(answered.status(), await answered.text()).toBe(200);
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe(words);
    expect(await page.getByTestId('undo-send').count()).toBe(0);
    expect(await page.getByTestId('composer-recipients').textContent()).toContain('Cc books@customer.example');
    expect(await page.getByTestId('our-reply').count()).toBe(0);
    // The worker keeps running (every 2 s): the receiver got nothing.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(smtp.received).toHaveLength(0);
    expect(await page.getByTestId('our-reply').count()).toBe(0);
  });

  it('sends once the countdown ends: the receiver gets exactly one message (5 seconds, chosen in Your profile)', async () => {
    await page.goto(`${testApp.baseUrl}/profile`);
    // The team default is named with its figure (UNDO_SEND_SECONDS is 30 here).
    await expect.poll(() => page.getByRole('combobox', { name: 'Wait before sending' }).locator('option[value="default"]').textContent()).toBe('Team default (30 seconds)');
    await page.getByRole('combobox', { name: 'Wait before sending' }).selectOption('5');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/1280x800-profile-undo.png` });
    await page.goBack();
    await page.getByRole('heading', { name: 'Refund please' }).waitFor();
    // The words Undo put back are still the draft after leaving the page.
    await expect.poll(() => page.locator('#composer-text').inputValue()).toContain('double charge is refunded');
    await page.locator('#composer-text').fill('Hi Ana, refunded: 12,50 € back within 3 days.');
    await page.keyboard.press('Control+Enter');
    const countdown = page.getByTestId('undo-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^Sending in [1-5] s$/);
    await expect.poll(() => page.getByTestId('send-status').textContent(), { timeout: 30_000 }).toBe('Sent');
    expect(await page.getByTestId('undo-send').count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['ana@customer.example']);
    expect(smtp.received[0]!.raw.toString()).toContain('12,50');
  });

  it('holds a forward like a reply: the same countdown and Undo, which opens the forward again with its note and recipients; nothing is sent', async () => {
    // 30 seconds again (the previous test chose 5), so a loaded machine still clicks Undo in time.
    expect((await api.patch('/api/me', { undoSendSeconds: 30 })).status).toBe(200);
    const sentBefore = smtp.received.length;
    // Pending since the reply above: opened by its address.
    const id = (await api.get(`/api/conversations?q=${encodeURIComponent('subject:"Refund please"')}`)).body.items[0].id as string;
    await page.goto(`${testApp.baseUrl}/inbox/open/${id}`);
    await page.getByRole('heading', { name: 'Refund please' }).waitFor();
    await page.getByRole('button', { name: 'Forward…' }).first().click();
    const dialog = page.getByTestId('forward-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('To', { exact: true }).fill('books@partner.example');
    await dialog.getByLabel('Note', { exact: true }).fill('Please check the double charge before we refund.');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    const countdown = page.getByTestId('undo-countdown');
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/^Forwarding in (30|2\d|1\d) s$/);
    const record = page.getByTestId('forward-record');
    expect(await record.getByTestId('send-status').textContent()).toBe('Not sent yet (undo possible)');
    await page.screenshot({ path: `${SHOTS}/1280x800-forward-countdown.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('undo-send').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-forward-countdown.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const undoButton = page.getByTestId('undo-send').getByRole('button', { name: 'Undo' });
    expect((await undoButton.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    await undoButton.click();
    await dialog.waitFor();
    expect(await dialog.getByTestId('forward-undone').textContent()).toBe('Not forwarded: you took it back. Your note, recipients and files are here to send again or cancel.');
    expect(await dialog.getByLabel('To', { exact: true }).inputValue()).toBe('books@partner.example');
    // (A label's name takes in its text field's words once it has some: found by its place instead.)
    expect(await dialog.locator('.forward-note textarea').inputValue()).toBe('Please check the double charge before we refund.');
    await page.screenshot({ path: `${SHOTS}/390x844-forward-undone.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/1280x800-forward-undone.png` });
    expect(await page.getByTestId('forward-record').count()).toBe(0);
    expect(await page.getByTestId('undo-send').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    // The worker keeps running (every 2 s): the forward never went out.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(smtp.received).toHaveLength(sentBefore);
  });
});
