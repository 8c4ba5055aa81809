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
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/saved-replies';
const CUSTOMER_WORDS = 'Could I get a refund for the double charge? Merci !';

describe('saved replies, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let mailbox: Mailbox;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // The harness sends at once (UNDO_SEND_SECONDS=0); the outbox is run by hand below.
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'saved', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('saved', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Refund please', body: CUSTOMER_WORDS })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  async function createSavedReply(name: string, body: string, scope: 'Team' | 'Personal') {
    await page.getByRole('button', { name: 'New saved reply' }).click();
    const form = page.getByRole('form', { name: 'New saved reply' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Text').fill(body);
    await form.getByLabel(scope === 'Team' ? /Team: everyone/ : /Personal: only you/).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('saved-reply').filter({ hasText: name }).waitFor();
  }

  it('are created on their page (team or personal) with the variables explained; a taken name is refused', async () => {
    await page.goto(`${testApp.baseUrl}/settings`);
    await page.getByRole('link', { name: 'Saved replies' }).click();
    await page.getByRole('heading', { name: 'Saved replies', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'No saved replies yet' }).waitFor();

    await page.getByRole('button', { name: 'New saved reply' }).click();
    expect(await page.getByRole('form', { name: 'New saved reply' }).textContent()).toContain('{{customer.firstName}}');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await createSavedReply('Refund sent', 'Hi {{customer.firstName}},\n\nthe refund for #{{conversation.number}} is on its way. {{order.id}}\n\n{{me.firstName}} at {{mailbox.name}}', 'Team');
    await createSavedReply('Shipping delay', 'Sorry {{customer.name}}, the parcel is late.', 'Personal');
    const cards = page.getByTestId('saved-reply');
    expect(await cards.count()).toBe(2);
    expect(await cards.filter({ hasText: 'Refund sent' }).textContent()).toContain('Team');
    expect(await cards.filter({ hasText: 'Shipping delay' }).textContent()).toContain('Personal');

    // The same name again (any case) is refused with the reason.
    await page.getByRole('button', { name: 'New saved reply' }).click();
    const form = page.getByRole('form', { name: 'New saved reply' });
    await form.getByLabel('Name').fill('refund SENT');
    await form.getByLabel('Text').fill('again');
    await form.getByLabel(/Team: everyone/).check();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('already exists');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.screenshot({ path: `${SHOTS}/1280x800-page.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'New saved reply' }).click();
    await page.screenshot({ path: `${SHOTS}/390x844-page.png`, fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('are inserted with #, variables filled, edited, and the customer gets the edited text', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    await page.getByTestId('conversation-row').first().click();
    await page.getByRole('heading', { name: 'Refund please' }).waitFor();

    const composer = page.locator('#composer-text');
    await composer.click();
    await page.keyboard.type('Hello! #ref');
    const picker = page.getByTestId('saved-reply-picker');
    await picker.waitFor();
    expect(await picker.getByRole('option').allTextContents()).toEqual([expect.stringContaining('Refund sent')]);
    await page.getByTestId('composer').screenshot({ path: `${SHOTS}/1280x800-picker.png` });
    await page.screenshot({ path: `${SHOTS}/1280x800-picker-page.png` });

    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    const filled = (await composer.inputValue()).replace(/#\d+/, '#N');
    // The #query is replaced; the customer's first name, our name, the mailbox filled; the unknown variable stays.
    expect(filled).toBe('Hello! Hi Ana,\n\nthe refund for #N is on its way. {{order.id}}\n\nAda at Acme Help');
    const conversationNumber = /#(\d+)/.exec(await composer.inputValue())![1];

    // Editable before sending: the unknown variable is replaced by hand.
    await composer.fill((await composer.inputValue()).replace(' {{order.id}}', ' Order A-17.'));

    // The toolbar button opens the same picker; arrows choose; Escape closes and takes its # back out.
    await page.getByTestId('composer-saved-replies').click();
    await picker.waitFor();
    expect(await picker.getByRole('option').count()).toBe(2);
    await page.setViewportSize({ width: 390, height: 844 });
    await picker.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-picker.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('ArrowDown');
    expect(await picker.getByRole('option', { selected: true }).textContent()).toContain('Shipping delay');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    const edited = `Hello! Hi Ana,\n\nthe refund for #${conversationNumber} is on its way. Order A-17.\n\nAda at Acme Help`;
    expect(await composer.inputValue()).toBe(edited);

    await composer.focus();
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('our-reply').waitFor();
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const parsed = await simpleParser(smtp.received[0]!.raw);
    expect(parsed.text).toContain(edited);
    expect(parsed.text).not.toContain('{{');
    // The customer's words are untouched in the thread.
    expect(await page.getByText(CUSTOMER_WORDS).count()).toBeGreaterThan(0);
  });
});
