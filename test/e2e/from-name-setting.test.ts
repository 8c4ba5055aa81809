import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
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

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/from-name';

describe('the From name setting, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let page: Page;
  let closeBrowser: () => Promise<void>;
  let mailbox: Mailbox;
  let client: ApiClient;

  beforeAll(async () => {
    assertBuilt();
    mkdirSync(SHOTS, { recursive: true });
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    client = new ApiClient(testApp.baseUrl);
    await client.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'from', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await dovecot.deliver('from', [buildInboundEmail()]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('shows what customers will see, saves the choice, and replies go out under it', async () => {
    await page.goto(`${testApp.baseUrl}/settings`);
    await page.getByRole('button', { name: 'Edit' }).first().click();
    const choice = page.getByRole('combobox', { name: 'Replies are from' });
    expect(await choice.inputValue()).toBe('both');
    const preview = page.getByTestId('from-name-preview');
    expect(await preview.textContent()).toBe('Customers see: Ada Founder at Acme Help <help@acme.example>');
    await choice.selectOption('person');
    expect(await preview.textContent()).toBe('Customers see: Ada Founder <help@acme.example>');
    await page.getByRole('combobox', { name: 'Replies are from' }).locator('..').screenshot({ path: `${SHOTS}/1280x800-from-setting.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await choice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/390x844-from-setting.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await client.get(`/api/mailboxes/${mailbox.id}`)).body.fromName).toBe('person');

    const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
    const conversation = (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
    expect((await client.post(`/api/conversations/${conversation.id}/replies`, { text: 'Hello', seenVersion: conversation.version })).status).toBe(201);
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(header(smtp.received[0]!.raw, 'From')).toBe('Ada Founder <help@acme.example>');
  });
});
