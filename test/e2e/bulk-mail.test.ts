import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestService } from '../../api/src/digest/digest.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Real list mail: a Mailman post (Precedence: list, List-Id, List-Unsubscribe), plain text and HTML. */
const LIST_POST = readFileSync(path.join(here, '../fixtures/corpus/stalwart-mail-parser/thirdparty/014.eml'), 'latin1');
const SHOTS = process.env.WG_SCREENSHOTS ?? '/tmp/wt18b-shots';

/** A newsletter as Mailchimp-style senders write it: List-Unsubscribe, Precedence: bulk, HTML with a text part. */
function newsletter(): string {
  const boundary = 'nl-boundary';
  return [
    'From: Product Weekly <news@weekly.example>',
    'To: support@wholegrain.test',
    'Subject: Product Weekly #42: five calendar tips',
    'Message-ID: <issue-42@weekly.example>',
    'Date: Sat, 28 Nov 2026 07:00:00 +0000',
    'Precedence: bulk',
    'List-Unsubscribe: <https://weekly.example/unsubscribe?u=1>, <mailto:leave@weekly.example>',
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Five calendar tips for busy teams.',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><h1 id="headline">Five calendar tips</h1><p>For busy teams, in <b>bold</b> colours.</p></body></html>',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('bulk mail: its own kind and view, not an auto-reply', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;
  let client: ApiClient;
  const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;
  const deliver = async (...mail: string[]) => {
    await dovecot.deliver('bulk', mail);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  const bySubject = async (subject: string) =>
    (
      await query(
        `SELECT c.id::text, c.status, c.assignee_id AS "assigneeId", c.thread_token AS "threadToken", array_agg(m.kind ORDER BY m.id) FILTER (WHERE m.kind <> 'activity') AS kinds
         FROM conversation c JOIN message m ON m.conversation_id = c.id WHERE c.mailbox_id = $1 AND c.subject = $2 GROUP BY c.id`,
        [mailbox.id, subject],
      )
    )[0];

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    client = new ApiClient(testApp.baseUrl);
    await client.setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'bulk');
    await deliver(
      LIST_POST,
      newsletter(),
      buildInboundEmail({ messageId: '<q1@customer.example>', subject: 'Export question', body: 'How do I export my calendar?' }),
      buildInboundEmail({
        messageId: '<ooo@customer.example>',
        subject: 'Automatic reply: Export question',
        inReplyTo: '<q1@customer.example>',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
        body: 'I am out of the office until Monday.',
      }),
      buildInboundEmail({ from: 'Vacation <away@elsewhere.example>', subject: 'Away', headers: { 'Auto-Submitted': 'auto-replied' }, body: 'Away until Monday.' }),
    );
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  it('stores list mail and newsletters as bulk in the Bulk view, and RFC 3834 replies as auto-replies', async () => {
    const list = await bySubject('[Shapelib] need some help');
    expect(list).toMatchObject({ status: 'bulk', assigneeId: null, kinds: ['bulk'] });
    expect(await bySubject('Product Weekly #42: five calendar tips')).toMatchObject({ status: 'bulk', kinds: ['bulk'] });
    // The out-of-office joins the customer's conversation; one that answers nothing opens closed, as before.
    expect(await bySubject('Export question')).toMatchObject({ status: 'open', kinds: ['email', 'auto_reply'] });
    expect(await bySubject('Away')).toMatchObject({ status: 'closed', kinds: ['auto_reply'] });

    const bulkView = (await client.get('/api/conversations?status=bulk')).body.items.map((item: { subject: string }) => item.subject).sort();
    expect(bulkView).toEqual(['Product Weekly #42: five calendar tips', '[Shapelib] need some help']);
    expect((await client.get('/api/conversations/counts')).body).toMatchObject({ bulk: 2, closed: 1, open: 1 });
    const closed = (await client.get('/api/conversations?status=closed')).body.items.map((item: { subject: string }) => item.subject);
    expect(closed).toEqual(['Away']);
    // Bulk is a place, not a verdict: it can be moved into the inbox and back.
    expect((await client.patch(`/api/conversations/${list.id}`, { status: 'open' })).status).toBe(200);
    expect((await client.patch(`/api/conversations/${list.id}`, { status: 'bulk' })).status).toBe(200);
  });

  it('keeps the digest to customers: bulk mail never reaches it', async () => {
    const digest = await testApp.app.get(DigestService).build(new Date('2000-01-01'), new Date(Date.now() + 30 * 86_400_000));
    const texts = digest.unpinned.map((entry) => entry.text).join('\n');
    expect(texts).toContain('How do I export my calendar?');
    expect(texts).not.toMatch(/calendar tips|shapefile/);
  });

  it('treats a person answering our reply through a list as their email, and brings the thread to the inbox', async () => {
    const list = await bySubject('[Shapelib] need some help');
    await deliver(
      buildInboundEmail({
        from: 'calpas calpas <calpas2007@yahoo.fr>',
        subject: 'Re: [Shapelib] need some help',
        inReplyTo: `<wg.${list.threadToken}.a1b2c3@wholegrain.test>`,
        references: `<wg.${list.threadToken}.a1b2c3@wholegrain.test>`,
        headers: { 'List-Id': 'Shapelib Development <shapelib.lists.maptools.org>', Precedence: 'list' },
        body: 'Thanks, linking with -lshp fixed it.',
      }),
    );
    expect(await bySubject('[Shapelib] need some help')).toMatchObject({ status: 'open', kinds: ['bulk', 'email'] });
    expect((await client.patch(`/api/conversations/${list.id}`, { status: 'bulk' })).status).toBe(200);
  });

  it('shows a Bulk view in the inbox whose newsletter opens formatted like any other mail', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/bulk`);
    const views = page.getByRole('navigation', { name: 'Inbox views' });
    const bulkLink = views.getByRole('link', { name: /^Bulk/ });
    await expect.poll(() => bulkLink.textContent(), { timeout: 15_000 }).toMatch(/Bulk\s*2/);
    await page.getByText('Product Weekly #42: five calendar tips').first().click();
    const message = page.getByTestId('bulk-message');
    await message.waitFor();
    expect(await message.getByTestId('bulk-badge').textContent()).toBe('Bulk');
    expect(await page.getByTestId('auto-message').count()).toBe(0);
    expect(await message.getByTestId('customer-words').textContent()).toContain('Five calendar tips for busy teams.');
    await message.getByRole('button', { name: 'Show formatted' }).click();
    const frame = page.frameLocator('iframe');
    expect(await frame.locator('#headline').textContent()).toBe('Five calendar tips');
    await page.screenshot({ path: path.join(SHOTS, 'bulk-desktop.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${testApp.baseUrl}/inbox/bulk`);
    await page.getByText('[Shapelib] need some help').first().click();
    await page.getByTestId('bulk-message').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'bulk-phone.png') });
  });
});
