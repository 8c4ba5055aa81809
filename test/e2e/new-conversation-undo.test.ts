import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn } from '../harness/browser.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/new-conversation-undo';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Undo send for a new conversation, in a real browser: `c`, type, Ctrl+Enter, the countdown with
 * Undo; Undo opens the dialog again with everything typed and nothing is sent. The server's clock is
 * a test clock (moved by hand) so "nothing was sent" is checked past the time it would have gone.
 */
describe('a new conversation waits for the undo time, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let api: ApiClient;
  let mailbox: Mailbox;
  let outbox: OutboxWorker;
  const clock = new TestClock(new Date());
  const plan = randomBytes(40 * 1024);

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot, smtp] = await Promise.all([startTestApp({ clock }), startDovecot(), startSmtpReceiver()]);
    api = new ApiClient(testApp.baseUrl);
    await api.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'hello', {
      address: 'hello@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('hello', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', to: 'hello@acme.example', subject: 'Where is my order?', body: 'It has been a week.' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    outbox = testApp.app.get(OutboxWorker);
    expect((await api.patch('/api/me', { undoSendSeconds: 30 })).status).toBe(200);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  const rowSubjects = () => page.getByTestId('conversation-row').allTextContents();

  it('counts down with Undo; Undo gives the dialog back whole (recipients, subject, text, file) and nothing is sent', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').first().waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('new-conversation');
    await dialog.waitFor();
    await dialog.getByLabel('To', { exact: true }).fill('erin@customer.example');
    await dialog.getByLabel('Cc', { exact: true }).fill('boss@customer.example');
    await dialog.getByLabel('Subject').fill('Your onboarding plan');
    const words = 'Hi Erin,\n\nthe onboarding plan is attached: **three calls** in January.';
    await dialog.getByLabel('Message').fill(words);
    await dialog.getByTestId('new-conversation-file-input').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: plan });
    await dialog.getByText('plan.pdf').waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await dialog.getByLabel('Message').press('Control+Enter');

    // The dialog closes; the countdown runs with Undo; nothing is in the inbox yet.
    const banner = page.getByTestId('new-conversation-undo');
    await banner.waitFor();
    expect(await dialog.count()).toBe(0);
    // The same words as every Undo offer: what happens, then "Undo 29s" on the button.
    expect(await banner.getByTestId('undo-countdown').textContent()).toBe('Sending “Your onboarding plan” to erin@customer.example.');
    const countdown = banner.getByRole('button', { name: /^Undo/ });
    expect(await countdown.textContent()).toMatch(/^Undo (30|2\d)s$/);
    // Read out as "Undo, 29 seconds left" (the ticking seconds are not live text read every second).
    expect(await countdown.getAttribute('aria-label')).toMatch(/^Undo, (30|2\d) seconds left$/);
    const first = Number(/(\d+)s$/.exec((await countdown.textContent()) ?? '')?.[1]);
    await expect.poll(async () => Number(/(\d+)s$/.exec((await countdown.textContent()) ?? '')?.[1] ?? 99), { timeout: 5_000 }).toBeLessThan(first);
    expect((await rowSubjects()).some((text) => text.includes('Your onboarding plan'))).toBe(false);
    await page.screenshot({ path: `${SHOTS}/1280x800-new-conversation-countdown.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-new-conversation-countdown.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const undoBox = await banner.getByRole('button', { name: /Undo/ }).boundingBox();
    expect(undoBox!.height).toBeGreaterThanOrEqual(44);
    await page.setViewportSize({ width: 1280, height: 800 });

    const undoResponse = page.waitForResponse((response) => response.url().includes('/undo'));
    await banner.getByRole('button', { name: /Undo/ }).click();
    expect((await undoResponse).status()).toBe(200);
    await dialog.waitFor();
    await dialog.getByTestId('new-conversation-undone').waitFor();
    expect(await dialog.getByLabel('From').inputValue()).toBe(mailbox.id);
    expect(await dialog.getByLabel('To', { exact: true }).inputValue()).toBe('erin@customer.example');
    expect(await dialog.getByLabel('Cc', { exact: true }).inputValue()).toBe('boss@customer.example');
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Your onboarding plan');
    expect(await dialog.getByLabel('Message').inputValue()).toBe(words);
    await dialog.getByText('plan.pdf').waitFor();
    expect(await banner.count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/1280x800-new-conversation-undone.png` });
    // Not sending it after all: the file comes out, the dialog closes.
    await dialog.getByRole('button', { name: 'Remove plan.pdf' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Past the time it would have gone: nothing reaches the receiver, nothing is in the inbox.
    clock.instant = new Date(clock.instant.getTime() + 31_000);
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    await page.reload();
    await page.getByTestId('conversation-row').first().waitFor();
    expect((await rowSubjects()).some((text) => text.includes('Your onboarding plan'))).toBe(false);
  });

  it('sends it whole once the countdown ends, and the banner opens the new conversation', async () => {
    smtp.received.length = 0;
    expect((await api.patch('/api/me', { undoSendSeconds: 3 })).status).toBe(200);
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').first().waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('new-conversation');
    await dialog.waitFor();
    await dialog.getByLabel('To', { exact: true }).fill('fay@customer.example');
    await dialog.getByLabel('Subject').fill('Your invoice address');
    await dialog.getByLabel('Message').fill('Hi Fay,\n\ncould you confirm your invoice address?');
    await dialog.getByTestId('new-conversation-file-input').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: plan });
    await dialog.getByText('plan.pdf').waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await dialog.getByLabel('Message').press('Control+Enter');
    const banner = page.getByTestId('new-conversation-undo');
    await banner.waitFor();
    // Not due yet on the server's clock: the outbox sends nothing.
    expect(await outbox.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await expect.poll(() => banner.getByTestId('undo-countdown').textContent(), { timeout: 10_000 }).toMatch(/^Sent to the outbox: “Your invoice address” to fay@customer\.example \(#\d+\)\.$/);
    clock.instant = new Date(clock.instant.getTime() + 3_001);
    expect(await outbox.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['fay@customer.example']);
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toBe('Your invoice address');
    expect(parsed.attachments.map((attachment) => [attachment.filename, sha256(attachment.content)])).toEqual([['plan.pdf', sha256(plan)]]);

    await banner.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Your invoice address' }).waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('pending');
    // Waiting for the customer: listed under Pending like any answered conversation.
    await page.goto(`${testApp.baseUrl}/inbox/pending`);
    await page.getByTestId('conversation-row').first().waitFor();
    expect((await rowSubjects()).some((text) => text.includes('Your invoice address'))).toBe(true);
  });

  it('keeps both Undo offers in reach when a close and a new conversation come a second apart', async () => {
    expect((await api.patch('/api/me', { undoSendSeconds: 30 })).status).toBe(200);
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').filter({ hasText: 'Where is my order?' }).getByRole('link').click();
    await page.getByRole('heading', { name: /Where is my order\?/ }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('e');
    const closed = page.getByTestId('close-undo');
    await closed.waitFor();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('new-conversation');
    await dialog.waitFor();
    await dialog.getByLabel('To', { exact: true }).fill('gus@customer.example');
    await dialog.getByLabel('Subject').fill('A question about your plan');
    await dialog.getByLabel('Message').fill('Hi Gus,\n\none question about your plan.');
    await expect.poll(() => dialog.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
    await dialog.getByLabel('Message').press('Control+Enter');
    const started = page.getByTestId('new-conversation-undo');
    await started.waitFor();
    expect(await closed.isVisible()).toBe(true);
    // Stacked, not on top of each other: both Undo buttons can be clicked.
    const [a, b] = [(await closed.boundingBox())!, (await started.boundingBox())!];
    expect(a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
    // One look for both: the same colours and the same "Undo 29s" button.
    const look = (banner: typeof closed) =>
      banner.evaluate((element) => {
        const view = element.ownerDocument.defaultView!;
        const button = element.querySelector('button')!;
        const style = view.getComputedStyle(element);
        return { background: style.backgroundColor, color: style.color, radius: style.borderRadius, button: button.className, weight: view.getComputedStyle(button).fontWeight };
      });
    expect(await look(started)).toEqual(await look(closed));
    expect(await closed.getByRole('button', { name: /^Undo/ }).textContent()).toMatch(/^Undo \d+s$/);
    expect(await started.getByRole('button', { name: /^Undo/ }).textContent()).toMatch(/^Undo \d+s$/);
    await page.screenshot({ path: `${SHOTS}/1280x800-two-undo-offers.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-two-undo-offers.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const [c, d] = [(await closed.boundingBox())!, (await started.boundingBox())!];
    expect(c.y + c.height <= d.y || d.y + d.height <= c.y).toBe(true);
    expect(Math.max(c.x + c.width, d.x + d.width)).toBeLessThanOrEqual(390);
    // Scrolled to its end, the page's last content lies above the offers, not under them.
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    const lastContentBottom = (await page.evaluate(`(() => {
      const pane = document.querySelector('.inbox[data-pane="conversation"] .inbox-conversation, .inbox[data-pane="list"] .inbox-list');
      const last = [...pane.querySelectorAll('*')].filter((element) => element.getClientRects().length > 0).at(-1);
      return last.getBoundingClientRect().bottom;
    })()`)) as number;
    expect(lastContentBottom).toBeLessThanOrEqual(Math.min(c.y, d.y));
    await page.setViewportSize({ width: 1280, height: 800 });
    await started.getByRole('button', { name: /Undo/ }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await closed.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(async () => (await api.get<{ items: { subject: string }[] }>('/api/conversations?status=open')).body.items.some((item) => item.subject === 'Where is my order?')).toBe(true);
    expect(smtp.received.filter((mail) => mail.to.includes('gus@customer.example'))).toHaveLength(0);
  });
});
