import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { launchSignedIn, signInThroughPage } from '../harness/browser.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox, testAdmin } from '../harness/mailbox.js';
import { assertBuilt } from '../harness/product-process.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/wholegrain-shots/inbox';
const BO = { name: 'Bo Designer', email: 'bo@wholegrain.test', password: 'another long password' };

describe('the shared inbox, in a real browser', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  let mailbox: Mailbox;

  const deliver = async (...messages: string[]) => {
    await dovecot.deliver('inbox', messages);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };

  beforeAll(async () => {
    assertBuilt();
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    await testApp.app
      .get(PeopleService)
      .create({ ...BO, access: 'member', supportRole: 'designer', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(testApp), null);
    mailbox = await createTestMailbox(testApp, dovecot, 'inbox', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    await deliver(
      buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Export fails', body: 'Exporting to CSV fails with a blank file.' }),
      buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', subject: 'Dark mode', body: 'Please add a dark mode, my eyes hurt at night.' }),
      buildInboundEmail({
        from: 'Carla Costa <carla@customer.example>',
        subject: 'Re: Calendar sync',
        body: 'It still drops the events from yesterday — every single time.\n\nOn Mon, 23 Nov 2026 at 10:00, Acme Help <help@acme.example> wrote:\n> Could you try syncing again?\n> Thanks\n',
      }),
    );
    ({ browser, page, close: closeBrowser } = await launchSignedIn(testApp.baseUrl, FOUNDER.email, FOUNDER.password));
  });
  afterAll(async () => {
    await closeBrowser?.();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('lists conversations with the customer’s own words, newest first, and moves with j/k and Enter', async () => {
    const rows = page.getByTestId('conversation-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId('row-preview').allTextContents()).toEqual([
      'It still drops the events from yesterday — every single time.',
      'Please add a dark mode, my eyes hurt at night.',
      'Exporting to CSV fails with a blank file.',
    ]);
    // The empty pane says what j and Enter do, and they do it: the first j selects the first row.
    expect(await page.getByTestId('inbox-welcome-hint').innerText()).toBe('Pick a conversation from the list. Or press j to select the first one and Enter to open it; ? lists every shortcut.');
    await page.screenshot({ path: `${SHOTS}/1280x800-inbox-welcome.png` });
    // Nothing chosen yet: no row is the cursor; the first j takes the first row (not the second).
    const cursorRows = () => rows.evaluateAll((list) => list.flatMap((row, index) => (row.classList.contains('is-cursor') ? [index] : [])));
    expect(await cursorRows()).toEqual([]);
    await page.keyboard.press('j');
    await expect.poll(cursorRows).toEqual([0]);
    await page.keyboard.press('j');
    await expect.poll(cursorRows).toEqual([1]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Re: Calendar sync' }).waitFor();
    expect(await rows.nth(0).getAttribute('aria-current')).toBe('true');
  });

  it('shows the new words verbatim and keeps the quoted history behind a button', async () => {
    const words = page.getByTestId('customer-words');
    expect(await words.textContent()).toBe('It still drops the events from yesterday — every single time.');
    expect(await page.getByTestId('quoted-text').count()).toBe(0);
    await page.getByRole('button', { name: 'Show quoted text' }).click();
    expect(await page.getByTestId('quoted-text').textContent()).toContain('> Could you try syncing again?');
    await page.getByRole('button', { name: 'Details' }).or(page.getByText('Details')).first().click();
    expect(await page.getByTestId('thread-rule').textContent()).toContain('new');
  });

  it('replies with r and Ctrl+Enter, signed, and shows the reply sent without a reload', async () => {
    const conversationUrl = page.url();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Signature', { exact: true }).fill('Ada, founder at Acme');
    await page.getByRole('button', { name: 'Save signature' }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(conversationUrl);
    await page.getByRole('heading', { name: 'Re: Calendar sync' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('composer-text');
    await page.keyboard.type('Thanks Carla, we found it: the sync skipped events across midnight. Fixed now.');
    await page.keyboard.press('Control+Enter');
    const reply = page.getByTestId('our-reply');
    await reply.waitFor();
    expect(await reply.getByTestId('send-status').textContent()).toBe('Sending…');
    await testApp.app.get(OutboxWorker).runOnce();
    // The outbox marks it sent; the page learns through Server-Sent Events.
    await expect.poll(() => reply.getByTestId('send-status').textContent(), { timeout: 10_000 }).toBe('Sent');
    expect(smtp.received).toHaveLength(1);
    expect(header(smtp.received[0]!.raw, 'Subject')).toBe('Re: Calendar sync');
    expect(smtp.received[0]!.raw.toString()).toContain('Ada, founder at Acme');
    expect(await reply.locator('.reply-body').textContent()).toBe('Thanks Carla, we found it: the sync skipped events across midnight. Fixed now.\n\n-- \nAda, founder at Acme');
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('');
    // Answered: the conversation waits for the customer (the mailbox's default), and the views' counts follow.
    await expect.poll(() => page.getByLabel('Status').inputValue()).toBe('pending');
    await page.getByTestId('activity').filter({ hasText: 'replied and marked the conversation pending' }).waitFor();
    const count = (label: string) => page.getByRole('navigation', { name: 'Inbox views' }).getByRole('link', { name: label }).getByTestId('view-count').textContent();
    await expect.poll(() => count('Pending')).toBe('1');
    await expect.poll(() => count('All open')).toBe('2');
    await page.getByRole('link', { name: /^Pending/ }).click();
    const answered = page.getByTestId('conversation-row').filter({ hasText: 'Calendar sync' });
    await expect.poll(() => answered.getByTestId('last-spoke').textContent()).toMatch(/^We replied /);
    await page.goBack();
  });

  it('shows new mail without a reload, bold until opened (not bold the moment it is opened), with the customer waiting', async () => {
    await deliver(buildInboundEmail({ from: 'Dora <dora@customer.example>', subject: 'Invoice', body: 'Where can I download my invoice?' }));
    await expect.poll(() => page.getByTestId('row-preview').allTextContents(), { timeout: 10_000 }).toContain('Where can I download my invoice?');
    // Calendar sync was answered (pending): the open view holds the other three.
    expect(await page.getByTestId('conversation-row').count()).toBe(3);
    const dora = page.getByTestId('conversation-row').filter({ hasText: 'Invoice' });
    expect(await dora.getAttribute('data-unread')).toBe('true');
    expect(await dora.locator('.row-contact').evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).fontWeight)).toBe('700');
    expect(await dora.getByTestId('last-spoke').textContent()).toMatch(/^Customer waiting since /);
    // Opened before (Dark mode): not bold.
    const ben = page.getByTestId('conversation-row').filter({ hasText: 'Dark mode' });
    expect(await ben.getAttribute('data-unread')).toBeNull();
    expect(await ben.locator('.row-contact').evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).fontWeight)).toBe('500');
    // Opened, its row is no longer bold at once (not at the list's next refresh).
    await dora.getByRole('link').click();
    await page.getByRole('heading', { name: 'Invoice' }).waitFor();
    await expect.poll(() => dora.getAttribute('data-unread'), { timeout: 500, interval: 50 }).toBeNull();
  });

  it('blocks a stale send, shows what is new and keeps the draft; the draft also survives a reload', async () => {
    await page.getByTestId('conversation-row').filter({ hasText: 'Dark mode' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    await page.locator('#composer-text').fill('Dark mode is on our list.');
    await page.reload();
    await page.getByRole('heading', { name: 'Dark mode' }).waitFor();
    expect(await page.locator('#composer-text').inputValue()).toBe('Dark mode is on our list.');

    const conversationId = page.url().split('/').at(-1)!.split('?')[0]!;
    const raw = (await testApp.database.pool.query(`SELECT message_id_header FROM message WHERE conversation_id = $1 ORDER BY id LIMIT 1`, [conversationId])).rows[0].message_id_header;
    await deliver(buildInboundEmail({ from: 'Ben Brown <ben@customer.example>', subject: 'Re: Dark mode', inReplyTo: raw, body: 'Also for the mobile app, please.' }));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // Held either by the page (the live update came first) or by the server (409): the same hold.
    await expect.poll(() => page.getByTestId('composer-error').textContent()).toMatch(/^Not sent: /);
    expect(await page.locator('#composer-text').inputValue()).toBe('Dark mode is on our list.');
    await page.getByText('New since you opened it').waitFor();
    expect(await page.locator('.message.is-new [data-testid="customer-words"]').textContent()).toBe('Also for the mobile app, please.');
    await page.locator('.composer').getByRole('button', { name: 'Send anyway' }).click();
    await page.getByTestId('our-reply').waitFor();
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('');
  });

  it('shows who else is viewing and replying', async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    try {
      await signInThroughPage(other, testApp.baseUrl, BO.email, BO.password);
      await other.goto(page.url());
      await other.getByRole('heading', { name: 'Dark mode' }).waitFor();
      await expect.poll(() => page.getByTestId('presence').textContent(), { timeout: 10_000 }).toBe('Bo Designer is viewing');
      await other.locator('#composer-text').fill('Let me answer this one');
      await expect.poll(() => page.getByTestId('presence').textContent(), { timeout: 10_000 }).toBe('Bo Designer is writing a reply');
    } finally {
      await context.close();
    }
  });

  it('holds a reply when the customer writes mid-typing: a banner, the thread at the new words, sent only on a second Ctrl+Enter', async () => {
    await page.getByTestId('conversation-row').filter({ hasText: 'Export fails' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'Export fails' }).waitFor();
    const conversationId = page.url().split('/').at(-1)!.split('?')[0]!;
    const outbound = async () => Number((await testApp.database.pool.query(`SELECT count(*) FROM message WHERE conversation_id = $1 AND direction = 'out'`, [conversationId])).rows[0].count);
    const first = (await testApp.database.pool.query(`SELECT message_id_header FROM message WHERE conversation_id = $1 ORDER BY id LIMIT 1`, [conversationId])).rows[0].message_id_header;

    await page.locator('#composer-text').click();
    await page.keyboard.type('Hi Ana, which version ');
    // A long mail (a pasted log) lands while the reply is being typed.
    const log = Array.from({ length: 60 }, (_, line) => `row ${line + 1}: export stopped at 10,000 rows`).join('\n');
    const newWords = `Sorry, more detail: version 4.2, and only above 10,000 rows.\n${log}`;
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Re: Export fails', inReplyTo: first, messageId: '<ana-2@customer.example>', body: newWords }));
    await expect.poll(() => page.getByTestId('composer-arrived').textContent(), { timeout: 10_000 }).toContain('Ana Alves wrote while you were typing.');
    await page.keyboard.type('do you use?');
    // The person is at the composer, the start of the new mail out of sight.
    await page.locator('.inbox-conversation').evaluate((pane) => pane.scrollTo(0, pane.scrollHeight));
    const arrived = page.locator('.message.is-new');
    const topInView = () => arrived.evaluate((element) => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().top < element.ownerDocument.documentElement.clientHeight);
    expect(await topInView()).toBe(false);

    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('composer-error').textContent()).toBe(
      'Not sent: Ana Alves wrote while you were writing. Read the new message, then press Ctrl+Enter again or “Send anyway”.',
    );
    await expect.poll(topInView).toBe(true);
    expect(await arrived.getByTestId('customer-words').textContent()).toBe(newWords);
    // The same words above the thread, where the new mail is, with its own "Send anyway".
    expect(await page.getByTestId('held-banner').textContent()).toContain('Not sent: Ana Alves wrote while you were writing.');
    expect(
      await page.getByTestId('held-banner').evaluate((element) => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().bottom <= element.ownerDocument.documentElement.clientHeight),
    ).toBe(true);
    expect(await page.locator('.composer').getByRole('button', { name: 'Send anyway' }).count()).toBe(1);
    expect(await outbound()).toBe(0);
    expect(await page.locator('#composer-text').inputValue()).toBe('Hi Ana, which version do you use?');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('composer-text');

    // Read; change the draft; choose to keep it open; the second Ctrl+Enter sends, answering the new mail.
    await page.getByLabel('After sending').selectOption('open');
    expect(await page.locator('.composer').getByRole('button', { name: 'Send anyway' }).count()).toBe(1);
    await page.locator('#composer-text').focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Thanks Ana, 4.2 above 10,000 rows is **exactly** what we needed.');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('our-reply').waitFor();
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('');
    // Focus leaves the composer, so j/k work at once.
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).not.toBe('composer-text');
    expect(await outbound()).toBe(1);
    await testApp.app.get(OutboxWorker).runOnce();
    const toAna = smtp.received.filter((mail) => header(mail.raw, 'To')?.includes('ana@customer.example'));
    expect(toAna).toHaveLength(1);
    expect(header(toAna[0]!.raw, 'In-Reply-To')).toBe('<ana-2@customer.example>');
    expect(toAna[0]!.raw.toString()).toContain('Thanks Ana, 4.2 above 10,000 rows is **exactly** what we needed.');
    expect(toAna[0]!.raw.toString()).toContain('<strong>exactly</strong>');
    // In the app, our message shows the bold as the email does.
    const ours = page.getByTestId('our-reply').last();
    expect(await ours.locator('.reply-body strong').textContent()).toBe('exactly');
    expect(await ours.locator('.reply-body').textContent()).toMatch(/^Thanks Ana, 4\.2 above 10,000 rows is exactly what we needed\./);
    // Kept open as chosen; the choice is remembered for this person.
    expect(await page.getByLabel('Status').inputValue()).toBe('open');
    await page.reload();
    await page.getByRole('heading', { name: 'Export fails' }).waitFor();
    expect(await page.getByLabel('After sending').inputValue()).toBe('open');
    expect(await page.getByRole('button', { name: 'Send and keep open' }).count()).toBe(1);

    // It opens at the newest customer message; the composer is one line, below the thread, never over it.
    const newest = page.locator('.message-in').filter({ hasText: 'Sorry, more detail' });
    await expect
      .poll(() => newest.evaluate((element) => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().top < element.ownerDocument.documentElement.clientHeight))
      .toBe(true);
    expect(await page.locator('#composer-text').getAttribute('rows')).toBe('1');
    const below = () =>
      page.evaluate(`document.querySelector('.composer').getBoundingClientRect().top >= document.querySelector('.timeline').getBoundingClientRect().bottom`);
    expect(await below()).toBe(true);
    await page.locator('.inbox-conversation').evaluate((pane) => pane.scrollTo(0, pane.scrollHeight / 2));
    expect(await below()).toBe(true);
    await page.locator('#composer-text').focus();
    expect(await page.locator('#composer-text').getAttribute('rows')).toBe('6');
    // However tall the top bar grows (a long "On duty" line wraps it, a notice shows), the panes scroll and the
    // window never does: the composer's Send button is on screen at 1280×800.
    const tallTopBar = await page.addStyleTag({ content: '.topbar { min-height: 120px; }' });
    await page.locator('.inbox-conversation').evaluate((pane) => pane.scrollTo(0, pane.scrollHeight));
    expect(await page.evaluate('document.scrollingElement.scrollHeight <= window.innerHeight')).toBe(true);
    const send = (await page.locator('.composer').getByRole('button', { name: /^Send/ }).first().boundingBox())!;
    expect(send.y + send.height).toBeLessThanOrEqual(800);
    await tallTopBar.evaluate((style) => style.remove());
    await page.keyboard.press('Escape');
  });

  it('assigns with a and closes with e, opening the next row each time; lists the shortcuts with ?', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const subject = () => page.locator('.conversation-subject').textContent();
    const subjects = async () => (await page.locator('[data-testid="conversation-row"] .row-subject').allTextContents()).map((text) => text.replace(/\s*#\d+$/, ''));
    const idOf = () => page.url().split('/').at(-1)!.split('?')[0]!;
    const statusOf = async (id: string) => (await testApp.database.pool.query(`SELECT status, assignee_id FROM conversation WHERE id = $1`, [id])).rows[0];

    const rows = await subjects();
    const first = await subject();
    const firstId = idOf();
    const index = rows.indexOf(first!);
    expect(index).toBeGreaterThanOrEqual(0);
    const next = rows[index + 1] ?? rows[index - 1];
    await page.keyboard.press('a');
    // Assigned, and the next row of the list opens (not the top one).
    await expect.poll(subject).toBe(next);
    expect((await statusOf(firstId)).assignee_id).not.toBeNull();

    // Back with k and Enter, then close with e: the conversation closes and the next row opens again.
    await page.keyboard.press(index + 1 < rows.length ? 'k' : 'j');
    await page.keyboard.press('Enter');
    await expect.poll(subject).toBe(first);
    await page.keyboard.press('e');
    await expect.poll(subject).toBe(next);
    expect((await statusOf(firstId)).status).toBe('closed');
    // A close from the keyboard can be taken back for a few seconds (the list has moved on already).
    const undoClose = page.getByTestId('close-undo');
    await undoClose.waitFor();
    expect(await undoClose.textContent()).toContain(`“${first}”`);
    // Ten seconds from now, not from when the page last ticked (it read "12s" and then jumped to 9).
    expect(Number(/(\d+)s/.exec((await undoClose.getByRole('button', { name: /^Undo/ }).textContent()) ?? '')?.[1])).toBeLessThanOrEqual(10);
    await undoClose.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(async () => (await statusOf(firstId)).status).toBe('open');
    await expect.poll(() => undoClose.count()).toBe(0);
    await page.getByRole('link', { name: /^Closed/ }).click();
    expect(await page.getByTestId('conversation-row').filter({ hasText: first! }).count()).toBe(0);
    await page.goBack();
    await expect.poll(subject).toBe(next);
    // Closed again (in the database) for the tests after this one.
    expect((await testApp.database.pool.query(`UPDATE conversation SET status = 'closed' WHERE id = $1`, [firstId])).rowCount).toBe(1);

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    // Keys pressed while the list is open stay in it: e does not close the conversation underneath.
    const shownId = idOf();
    await page.keyboard.press('e');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    expect(idOf()).toBe(shownId);
    expect((await statusOf(shownId)).status).not.toBe('closed');
    // ? opens it and closes it again.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
  });

  it('Enter opens the row j or k chose, even when a click left a link focused (a row, the top bar’s Inbox); z takes a close back', async () => {
    await deliver(
      buildInboundEmail({ from: 'Olga <olga@customer.example>', subject: 'Keyboard first', body: 'First of two.' }),
      buildInboundEmail({ from: 'Piet <piet@customer.example>', subject: 'Keyboard second', body: 'Second of two.' }),
    );
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    const rows = page.getByTestId('conversation-row');
    await expect.poll(async () => (await rows.allTextContents()).filter((text) => text.includes('Keyboard')).length, { timeout: 10_000 }).toBe(2);
    const subject = () => page.locator('.conversation-subject').textContent();
    const subjects = (await page.locator('[data-testid="conversation-row"] .row-subject').allTextContents()).map((text) => text.replace(/\s*#\d+$/, ''));
    // A click opens the first row and leaves its link focused; j moves to the second; Enter opens the second.
    await rows.nth(0).getByRole('link').click();
    await expect.poll(subject).toBe(subjects[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(subject).toBe(subjects[1]);
    // The top bar's Inbox link, clicked, keeps the focus: j then Enter open the row, not the link again.
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.waitForURL(/\/inbox\/open$/);
    await rows.first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(subject).toBe(subjects[0]);
    // Closed with e, taken back with z (no reaching for the mouse within the ten seconds).
    const closedId = page.url().split('/').at(-1)!.split('?')[0]!;
    await page.keyboard.press('e');
    await page.getByTestId('close-undo').waitFor();
    await page.keyboard.press('z');
    await expect.poll(async () => (await testApp.database.pool.query(`SELECT status FROM conversation WHERE id = $1`, [closedId])).rows[0].status).toBe('open');
    await expect.poll(() => page.getByTestId('close-undo').count()).toBe(0);
  });

  it('searches with / and highlights the matching words', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('invoice');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.row-preview mark').allTextContents()).toEqual(['invoice']);
    expect(await page.getByTestId('conversation-row').count()).toBe(1);
  });

  it('shows every time one way (relative, the full time with its zone on hover, no seconds) and the Snoozed view says until when', async () => {
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    const age = page.getByTestId('conversation-row').first().locator('.row-age');
    await age.waitFor();
    expect(await age.textContent()).toMatch(/^(now|\d+ minutes? ago)$/);
    // Ada works in Europe/Paris.
    const full = await age.getAttribute('title');
    expect(full).toMatch(/2026, \d{2}:\d{2}( [AP]M)? (CET|GMT\+1)$/);
    expect(full).not.toMatch(/\d{2}:\d{2}:\d{2}/);
    await page.getByTestId('conversation-row').first().getByRole('link').click();
    await page.locator('.conversation-subject').waitFor();
    const subject = await page.locator('.conversation-subject').textContent();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('s');
    // Enter takes the focused choice (the inbox's own Enter, open the selected row, stays out of the menu).
    await page.getByRole('dialog', { name: 'Snooze until' }).getByRole('button', { name: /^In 3 hours/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: /^Snoozed/ }).click();
    const snoozed = page.getByTestId('conversation-row').filter({ hasText: subject! });
    await expect.poll(() => snoozed.getByTestId('snoozed-until').textContent()).toBe('until in 3 hours');
    expect(await snoozed.getByTestId('snoozed-until').locator('time').getAttribute('title')).toMatch(/\d{2}:\d{2}( [AP]M)? (CET|GMT\+1)$/);
    // The thread says it the same way, never as a raw ISO time.
    await snoozed.getByRole('link').click();
    await expect.poll(() => page.getByTestId('activity').last().textContent()).toMatch(/snoozed the conversation until in 3 hours\. now$/);
  });

  it('takes r pressed while a conversation loads as the start of a reply: the letters typed meanwhile run no shortcuts', async () => {
    await deliver(buildInboundEmail({ from: 'Eve <eve@customer.example>', subject: 'Slow page', body: 'The settings page takes ages to open.' }));
    await page.goto(`${testApp.baseUrl}/inbox/open`);
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Slow page' });
    await row.waitFor();
    const href = (await row.getByRole('link').getAttribute('href'))!;
    const id = href.split('/').at(-1)!.split('?')[0]!;
    const before = (await testApp.database.pool.query(`SELECT status, assignee_id FROM conversation WHERE id = $1`, [id])).rows[0];
    // The conversation answers slowly (a loaded server): r, then e, a and s arrive before it is on screen.
    await page.route(`**/api/conversations/${id}`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await row.getByRole('link').click();
    await page.locator('body').press('r');
    for (const key of ['e', 'a', 's']) await page.keyboard.press(key);
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id'), { timeout: 15_000 }).toBe('composer-text');
    await page.unroute(`**/api/conversations/${id}`);
    expect((await testApp.database.pool.query(`SELECT status, assignee_id FROM conversation WHERE id = $1`, [id])).rows[0]).toEqual(before);
    expect(await page.getByRole('dialog', { name: 'Snooze until' }).count()).toBe(0);
    await page.keyboard.type('Hello');
    expect(await page.locator('#composer-text').inputValue()).toBe('Hello');
    await page.locator('#composer-text').fill('');
    await page.keyboard.press('Escape');
  });

  it('says a missing conversation does not exist, with a way back and no Try again; a lost connection keeps Try again', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${testApp.baseUrl}/inbox/open/999999`);
    const missing = page.getByTestId('missing-conversation');
    await missing.waitFor();
    expect(await missing.getByRole('heading').textContent()).toBe('Conversation #999999 does not exist');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/1280x800-missing-conversation.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/390x844-missing-conversation.png` });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect((await missing.getByRole('link', { name: 'Back to the inbox' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.setViewportSize({ width: 1280, height: 800 });
    await missing.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.waitForURL(/\/inbox\/open$/);
    const row = page.getByTestId('conversation-row').first();
    await row.waitFor();

    // The server cannot be reached (the connection refused: the browser's own offline mode only pauses the
    // request): that may pass, so Try again stays, and works once it is back.
    const unreachable = /\/api\/conversations\/\d+$/;
    await page.route(unreachable, (route) => route.abort('connectionrefused'));
    try {
      await row.getByRole('link').click();
      const failed = page.getByRole('alert').filter({ hasText: 'cannot be reached' });
      await failed.waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('missing-conversation').count()).toBe(0);
      await page.unroute(unreachable);
      await failed.getByRole('button', { name: 'Try again' }).click();
      await page.getByTestId('message').first().waitFor();
    } finally {
      await page.unroute(unreachable);
    }
  });

  it('does not ask for keys on a touch screen with no mouse: the empty pane only says to pick a conversation, the search box names no key', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true });
    try {
      const tablet = await context.newPage();
      await signInThroughPage(tablet, testApp.baseUrl, FOUNDER.email, FOUNDER.password);
      await tablet.goto(`${testApp.baseUrl}/inbox/open`);
      const hint = tablet.getByTestId('inbox-welcome-hint');
      await hint.waitFor();
      expect(await tablet.evaluate('matchMedia("(hover: none) and (pointer: coarse)").matches')).toBe(true);
      expect(await hint.innerText()).toBe('Pick a conversation from the list.');
      expect(await tablet.getByText('to select the first one').isVisible()).toBe(false);
      // Nor do the search box and the shortcuts button name keys.
      expect(await tablet.getByRole('searchbox').getAttribute('placeholder')).toBe('Search all');
      expect(await tablet.getByRole('button', { name: /Keyboard shortcuts/ }).innerText()).toBe('Keyboard shortcuts');
      await tablet.screenshot({ path: `${SHOTS}/1024x768-touch-inbox-welcome.png` });
    } finally {
      await context.close();
    }
  });
});
