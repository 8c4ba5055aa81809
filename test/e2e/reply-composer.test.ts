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
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/reply-attachments';
const FILE_LIMIT = 512 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Drops files on an element the way a browser does: dragover, then drop, with a DataTransfer holding them. */
async function dropFiles(page: Page, selector: string, files: { name: string; type: string; base64: string }[]): Promise<void> {
  // A string runs in the page (the tests compile without the DOM's types).
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const file of ${JSON.stringify(files)}) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  })()`);
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe('attachments in the composer, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot, smtp] = await Promise.all([
      startTestApp({ config: { replyAttachmentLimits: { fileBytes: FILE_LIMIT, totalBytes: 2 * FILE_LIMIT } } }),
      startDovecot(),
      startSmtpReceiver(),
    ]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'files', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('files', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Invoice copy', body: 'Could you send me a copy of the November invoice?' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
    void browser;
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('attaches a dropped file and a picked one, refuses one over the limit, and the customer gets them byte for byte', async () => {
    await page.getByTestId('conversation-row').first().click();
    await page.getByRole('heading', { name: 'Invoice copy' }).waitFor();

    const csv = Buffer.from('month;total\nnovembre;1 250,00 €\n', 'utf8');
    const pdf = randomBytes(300 * 1024);
    await dropFiles(page, '[data-testid="composer"]', [
      { name: 'facture-novembre.csv', type: 'text/csv', base64: csv.toString('base64') },
      { name: 'too-big.mov', type: 'video/quicktime', base64: randomBytes(FILE_LIMIT + 10).toString('base64') },
    ]);
    await page.getByTestId('composer-file-input').setInputFiles({ name: 'Invoice 2026-11.pdf', mimeType: 'application/pdf', buffer: pdf });

    const files = page.getByTestId('composer-file');
    await expect.poll(() => files.count()).toBe(3);
    await expect.poll(() => page.locator('.composer-file.is-ready').count(), { timeout: 15_000 }).toBe(2);
    expect(await files.filter({ hasText: 'too-big.mov' }).getByRole('alert').textContent()).toBe('Larger than 0.5 MB, the most one file may be.');

    // Sending with a refused file in the list asks to take it out first.
    await page.locator('#composer-text').fill('Hi Ana, here is the November invoice, and the figures as CSV.');
    await page.keyboard.press('Control+Enter');
    expect(await page.getByTestId('composer-error').textContent()).toContain('Take out the files that could not be attached');
    await page.getByTestId('composer').screenshot({ path: `${SHOTS}/1280x800-composer-files.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('composer').screenshot({ path: `${SHOTS}/390x844-composer-files.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Remove too-big.mov' }).click();
    await expect.poll(() => files.count()).toBe(2);

    await page.locator('#composer-text').focus();
    await page.keyboard.press('Control+Enter');
    const reply = page.getByTestId('our-reply');
    await reply.waitFor();
    // Our message in the thread lists what it carries; the composer is empty again.
    await expect.poll(() => reply.getByRole('list', { name: 'Attachments' }).getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('facture-novembre.csv'), expect.stringContaining('Invoice 2026-11.pdf')]),
    );
    // The thread may show our message (live event) a moment before the send's answer empties the composer.
    await expect.poll(() => files.count()).toBe(0);

    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(smtp.received[0]!.to).toEqual(['ana@customer.example']);
    const byName = new Map(parsed.attachments.map((attachment) => [attachment.filename, attachment.content]));
    expect([...byName.keys()].sort()).toEqual(['Invoice 2026-11.pdf', 'facture-novembre.csv']);
    expect(sha256(byName.get('Invoice 2026-11.pdf')!)).toBe(sha256(pdf));
    expect(byName.get('facture-novembre.csv')!.equals(csv)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/1280x800-reply-with-files.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await reply.screenshot({ path: `${SHOTS}/390x844-reply-with-files.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('attaches an image pasted into the text as a file of the reply', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator('#composer-text').focus();
    await page.evaluate(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob('${png.toString('base64')}'), (char) => char.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      document.querySelector('#composer-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    })()`);
    const file = page.getByTestId('composer-file');
    await expect.poll(() => page.locator('.composer-file.is-ready').count(), { timeout: 15_000 }).toBe(1);
    expect(await file.textContent()).toContain('pasted-image-');
    await page.locator('#composer-text').fill('And the screenshot.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => file.count()).toBe(0);
    smtp.received.length = 0;
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.contentType).toBe('image/png');
    expect(parsed.attachments[0]!.content.equals(png)).toBe(true);
  });

  it('copies the conversation’s Cc by default, and asks for a second look before mail goes to someone new', async () => {
    await dovecot.deliver('files', [
      buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', to: 'help@acme.example', cc: 'Bea Boss <bea@customer.example>', subject: 'Refund for order 1142', body: 'Please refund order 1142.' }),
    ]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    await page.getByTestId('conversation-row').filter({ hasText: 'Refund for order 1142' }).click();
    await page.getByRole('heading', { name: 'Refund for order 1142' }).waitFor();
    await page.locator('#composer-text').focus();
    const recipients = page.getByTestId('composer-recipients');
    expect(await recipients.textContent()).toContain('To ben@customer.example · Cc bea@customer.example');

    await page.getByRole('button', { name: 'Cc/Bcc, edit recipients' }).click();
    await page.getByLabel('Cc', { exact: true }).fill('bea@customer.example, accounts@books.example');
    await page.getByLabel('Bcc', { exact: true }).fill('lead@acme.example');
    expect(await page.getByTestId('composer-newcomers').textContent()).toBe('New to this conversation: accounts@books.example, lead@acme.example');
    const send = page.locator('.composer .button-primary');
    expect(await send.textContent()).toBe('Send to 4 people');
    await page.locator('#composer-text').fill('Refunded today; copying our accountant.');
    // Ctrl+Enter first asks for the second look; nothing is sent.
    await page.keyboard.press('Control+Enter');
    expect(await page.getByTestId('composer-error').textContent()).toContain('accounts@books.example, lead@acme.example are not part of this conversation yet');
    await page.getByTestId('composer').screenshot({ path: `${SHOTS}/1280x800-recipients.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('composer').screenshot({ path: `${SHOTS}/390x844-recipients.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    smtp.received.length = 0;
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });

    // The button names how many people get it: pressing it is the second look.
    await send.click();
    await page.getByTestId('our-reply').waitFor();
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received[0]!.to).toEqual(['ben@customer.example', 'bea@customer.example', 'accounts@books.example', 'lead@acme.example']);
    expect(smtp.received[0]!.raw.toString()).not.toContain('lead@acme.example');
    // Back to the defaults for the next reply.
    await page.locator('#composer-text').focus();
    expect(await recipients.textContent()).toContain('To ben@customer.example · Cc bea@customer.example');
  });
});
