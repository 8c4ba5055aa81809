import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchBrowser, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { NETWORK_VECTORS, SCRIPT_VECTORS } from '../fixtures/hostile-html/vectors.js';

const VECTORS = [...SCRIPT_VECTORS, ...NETWORK_VECTORS];

function htmlEmail(index: number, vector: string): string {
  const boundary = `b${index}x`;
  return [
    `From: Mallory ${index} <mallory${index}@attacker.example>`,
    'To: help@wholegrain.test',
    `Subject: Hostile ${index}`,
    `Message-ID: <hostile-${index}@attacker.example>`,
    'Date: Sat, 28 Nov 2026 09:15:00 +0100',
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Marker ${index}`,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Marker ${index}</p>${vector}<p>End ${index}</p></body></html>`,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('hostile HTML email in the real conversation view', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;
  const executions: string[] = [];
  /** Requests to other hosts that left the browser: the frame's CSP stops some in the browser (failure "csp"), which never reach the network. */
  const attempted = new Map<object, string>();
  let remoteRequests: string[] = [];
  const refreshRemote = () => {
    remoteRequests = [...attempted.values()];
  };

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    mailbox = await createTestMailbox(testApp, dovecot, 'hostile');
    await dovecot.deliver('hostile', VECTORS.map((vector, index) => htmlEmail(index + 1, vector)));
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    ({ browser, close: closeBrowser } = await launchBrowser());
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.exposeFunction('wgPwned', (marker: unknown) => executions.push(`wgPwned(${String(marker)})`));
    page.on('dialog', (dialog) => {
      executions.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1') attempted.set(request, request.url());
      refreshRemote();
    });
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText === 'csp') attempted.delete(request);
      refreshRemote();
    });
    page.on('popup', (popup) => executions.push(`popup: ${popup.url()}`));
    await signInThroughPage(page, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await dovecot?.stop();
  });

  it(`renders ${VECTORS.length} hostile emails with no script run and no request to a remote host`, async () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(100);
    const rows = (await testApp.database.pool.query(`SELECT c.id, c.subject FROM conversation c WHERE c.mailbox_id = $1 ORDER BY c.id`, [mailbox.id])).rows as {
      id: string;
      subject: string;
    }[];
    expect(rows).toHaveLength(VECTORS.length);
    const blocked: number[] = [];
    for (const row of rows) {
      const index = Number(row.subject.replace('Hostile ', ''));
      await page.goto(`${testApp.baseUrl}/inbox/open/${row.id}`);
      await page.getByRole('button', { name: 'Show formatted' }).click();
      const frame = page.frameLocator('iframe.html-frame');
      // The message really is on screen: its own words rendered inside the frame.
      await frame.getByText(`Marker ${index}`, { exact: true }).waitFor();
      const notice = page.locator('.blocked-images');
      if (await notice.count()) blocked.push(index);
      await page.waitForTimeout(20);
    }
    await page.waitForTimeout(500);
    expect(executions).toEqual([]);
    expect(remoteRequests).toEqual([]);
    // Remote images are counted and announced: at least every plain <img src=http…> is.
    expect(blocked).toEqual(expect.arrayContaining([61, 62, 85, 95]));
  }, 300_000);

  it('loads remote images for one message only when asked (so the network check above can fail)', async () => {
    const [row] = (await testApp.database.pool.query(`SELECT id FROM conversation WHERE subject = 'Hostile 61'`)).rows;
    await page.goto(`${testApp.baseUrl}/inbox/open/${row.id}`);
    await page.getByRole('button', { name: 'Show formatted' }).click();
    await page.getByText('1 remote image was blocked').waitFor();
    expect(remoteRequests).toEqual([]);
    await page.getByRole('button', { name: 'Load images for this message' }).click();
    await expect.poll(() => remoteRequests, { timeout: 10_000 }).toContain('http://evil.example/b61.gif');
    expect(executions).toEqual([]);
  });
});
