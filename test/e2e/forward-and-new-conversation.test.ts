import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/forward-and-new';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A customer's mail with one PDF, as a mail client writes it. */
function mailWithInvoice(pdf: Buffer): string {
  const boundary = 'b-forward-test';
  return [
    'From: Ana Alves <ana@customer.example>',
    'To: help@acme.example',
    'Subject: Invoice 2026-11 is wrong',
    'Date: Tue, 01 Dec 2026 09:30:00 +0100',
    'Message-ID: <invoice-e2e@customer.example>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'The total should be 12,50 €, not 125,00 €.',
    `--${boundary}`,
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    pdf.toString('base64').replace(/.{76}/g, '$&\r\n'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('forward and new conversation, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;
  let outbox: OutboxWorker;
  const pdf = randomBytes(90 * 1024);

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'help', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('help', [mailWithInvoice(pdf), 'Subject: call me back\r\nMessage-ID: <anon-e2e@nowhere.example>\r\n\r\nPlease call me back about order 4411.\r\n']);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    outbox = testApp.app.get(OutboxWorker);
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
    void browser;
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('forwards the customer’s message with `f` to an accountant, with its PDF; the thread records it, the customer gets nothing', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').filter({ hasText: 'Invoice 2026-11 is wrong' }).click();
    await page.getByRole('heading', { name: 'Invoice 2026-11 is wrong' }).waitFor();
    await page.keyboard.press('f');
    const dialog = page.getByTestId('forward-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: /This message from Ana Alves/ }).isChecked()).toBe(true);
    expect(await dialog.getByTestId('forward-goes').textContent()).toContain('invoice.pdf');
    // Nobody named: it says so and sends nothing.
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    expect(await dialog.getByTestId('forward-error').textContent()).toBe('Name at least one recipient in To.');
    await dialog.getByLabel('To').fill('accountant@books.example');
    await dialog.locator('textarea').fill('Could you check this invoice before I answer?');
    await page.screenshot({ path: `${SHOTS}/1280x800-forward-dialog.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-forward-dialog.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.locator('textarea').press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });

    const record = page.getByTestId('forward-record');
    await record.waitFor();
    expect(await record.locator('.message-header').textContent()).toContain('forwarded a message to accountant@books.example');
    expect(await record.textContent()).toContain('Could you check this invoice before I answer?');
    // Still waiting for our answer: status unchanged.
    expect(await page.getByLabel('Status').inputValue()).toBe('open');

    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['accountant@books.example']]);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.subject).toBe('Fwd: Invoice 2026-11 is wrong');
    expect(parsed.text).toContain('The total should be 12,50 €, not 125,00 €.');
    expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)])).toEqual([['invoice.pdf', sha256(pdf)]]);
    await expect.poll(() => record.getByTestId('send-status').textContent(), { timeout: 15_000 }).toBe('Sent');
    await page.screenshot({ path: `${SHOTS}/1280x800-forward-in-thread.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await record.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-forward-in-thread.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('offers Forward where a reply has nobody to go to (mail without a sender)', async () => {
    smtp.received.length = 0;
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').filter({ hasText: 'call me back' }).click();
    const notice = page.getByTestId('no-sender');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('without a sender address');
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/1280x800-no-sender.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await notice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-no-sender.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await notice.getByRole('button', { name: /Forward/ }).click();
    const dialog = page.getByTestId('forward-dialog');
    await dialog.getByLabel('To').fill('sales@acme.example');
    await dialog.getByRole('button', { name: 'Forward', exact: true }).click();
    await page.getByTestId('forward-record').waitFor();
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['sales@acme.example']]);
  });

  it('starts a conversation with `c`; the customer’s answer lands in it', async () => {
    smtp.received.length = 0;
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').first().waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('new-conversation');
    await dialog.waitFor();
    expect(await dialog.getByLabel('From').inputValue()).toBe(mailbox.id);
    // The To field suggests people the team has mailed with.
    await dialog.getByLabel('To').fill('an');
    await expect.poll(() => page.locator('#new-conversation-recipients option').evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value))).toContain('ana@customer.example');
    await dialog.getByLabel('To').fill('dana@customer.example');
    await dialog.getByLabel('Subject').fill('Your export is ready');
    await dialog.getByLabel('Message').fill('Hi Dana,\n\nthe export you asked for is ready.');
    await page.screenshot({ path: `${SHOTS}/1280x800-new-conversation.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-new-conversation.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByLabel('Message').press('Control+Enter');
    await page.getByRole('heading', { name: 'Your export is ready' }).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('pending');
    const conversationUrl = page.url();

    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['dana@customer.example']);
    const messageId = header(mail!.raw, 'Message-ID')!;
    await dovecot.deliver('help', [
      buildInboundEmail({ from: 'Dana Dias <dana@customer.example>', to: 'help@acme.example', subject: 'Re: Your export is ready', inReplyTo: messageId, references: messageId, body: 'Got it, thank you!' }),
    ]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    // The answer arrives live in the open conversation.
    await expect.poll(async () => (await page.getByTestId('customer-words').allTextContents()).some((text) => text.includes('Got it, thank you!')), { timeout: 15_000 }).toBe(true);
    expect(page.url()).toBe(conversationUrl);
    await page.screenshot({ path: `${SHOTS}/1280x800-new-conversation-answered.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-new-conversation-answered.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
