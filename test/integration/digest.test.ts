import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyDateAt, latestDigestSlot } from '../../rotation/src/index.js';
import { createApp } from '../../api/src/app.js';
import { DigestService } from '../../api/src/digest/digest.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox, testAdmin } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const HOSTILE = 'Typing <script>alert(1)</script></td></tr> breaks the editor';
const MULTI = 'Sync 🔥 drops 同步日历 events — مرحبا';
// The next Monday 08:00 in Paris after now: the period before it holds what this test creates.
const SLOT = latestDigestSlot(new Date(Date.now() + 7 * 86_400_000), 'Europe/Paris', 'weekly');

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let client: ApiClient;
let mailboxId: string;
const clock = new TestClock(new Date(SLOT.getTime() - 3_600_000));

beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
  // The clock jumps weeks between steps: keep the session past the 14-day idle timeout.
  testApp = await startTestApp({
    clock,
    config: { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, mailFrom: 'Wholegrain <digest@acme.example>', publicUrl: 'https://support.acme.example', sessionIdleDays: 60 },
  });
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  const mailbox = await createTestMailbox(testApp, dovecot, 'digest');
  mailboxId = mailbox.id;
  await dovecot.deliver('digest', [
    buildInboundEmail({ from: 'Hal <hal@evil.example>', subject: 'Editor', body: `${HOSTILE}\r\nand also\r\nBcc: x@y.example` }),
    buildInboundEmail({ from: 'Ina <ina@intl.example>', subject: 'Sync', body: MULTI }),
    buildInboundEmail({ from: 'Jo <jo@gmail.com>', subject: 'Question', body: 'How do I export my data to a spreadsheet? I looked everywhere in the settings.' }),
  ]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  const me = (await client.get('/api/session')).body.person;
  const rotation = await client.post('/api/rotations', {
    name: 'Support',
    timeZone: 'Europe/Paris',
    workingDays: [1, 2, 3, 4, 5, 6, 7],
    startDate: '2026-01-01',
    mailboxIds: [mailbox.id],
    members: [{ personId: me.id }],
  });
  expect(rotation.status).toBe(201);
  const theme = (await client.post('/api/themes', { name: 'Editor & sync' })).body;
  for (const email of ['hal@evil.example', 'ina@intl.example']) {
    const id = (await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`)).body.items[0].id;
    const message = (await client.get(`/api/conversations/${id}`)).body.messages[0];
    // Hal's quote spans three lines: markup, a line break and a header-looking line.
    const start = message.text.indexOf(email.startsWith('hal') ? HOSTILE : MULTI);
    const end = email.startsWith('hal') ? message.text.indexOf('x@y.example') + 'x@y.example'.length : start + MULTI.length;
    expect((await client.post('/api/quotes', { messageId: message.id, start, end, themeIds: [theme.id] })).status).toBe(201);
  }
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

describe('founder digest', () => {
  it('reads only customers: words from a conversation marked spam never reach it', async () => {
    const words = 'Cheap watches, today only, reply for the catalogue';
    await dovecot.deliver('digest', [buildInboundEmail({ from: 'Offers <offers@spam.example>', subject: 'Deal', body: words })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailboxId);
    const everything = () => testApp.app.get(DigestService).build(new Date('2000-01-01'), new Date(Date.now() + 30 * 86_400_000));
    expect((await everything()).unpinned.map((entry) => entry.text)).toContain(words);
    const id = (await client.get(`/api/conversations?q=${encodeURIComponent('from:offers@spam.example')}`)).body.items[0].id;
    expect((await client.patch(`/api/conversations/${id}`, { status: 'spam' })).status).toBe(200);
    expect((await everything()).unpinned.map((entry) => entry.text)).not.toContain(words);
    expect((await client.get('/api/digests/subscription')).body.canEmail).toBe(true);
  });

  it('remembers who was on duty on the day quoted words arrived', async () => {
    const id = (await client.get(`/api/conversations?q=${encodeURIComponent('from:ina@intl.example')}`)).body.items[0].id;
    const [quote] = (await client.get(`/api/conversations/${id}/feedback`)).body.quotes;
    expect(quote.dutyPerson).toMatchObject({ name: FOUNDER.name });
  });

  it('sends exactly once with two API processes on one database', async () => {
    const other = await createApp({ config: testApp.config, databaseUrl: testApp.database.url, clock });
    try {
      expect(await testApp.app.get(DigestService).runDue()).toEqual({ sent: 0, failed: 0 });
      clock.instant = new Date(SLOT.getTime() + 30_000);
      const results = await Promise.all([testApp.app.get(DigestService).runDue(), other.get(DigestService).runDue(), testApp.app.get(DigestService).runDue()]);
      expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const { rows } = await testApp.database.pool.query(`SELECT period_end, status FROM digest`);
      expect(rows).toEqual([{ period_end: SLOT, status: 'sent' }]);
    } finally {
      await other.close();
    }
  });

  it('carries every quote byte for byte, escapes hostile words in HTML, and marks the mail automated with one-click unsubscribe', async () => {
    const mail = await simpleParser(smtp.received[0]!.raw);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const unsubscribe = mail.headerLines.find((line) => line.key === 'list-unsubscribe')?.line;
    expect(unsubscribe).toMatch(/<https:\/\/support\.acme\.example\/api\/digests\/unsubscribe\/[\w-]+>/);
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe-post')!.line).toMatch(/List-Unsubscribe=One-Click/);

    const { rows } = await testApp.database.pool.query(`SELECT q.start_offset AS start, q.end_offset AS "end", m.text FROM quote q JOIN message m ON m.id = q.message_id`);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(mail.text).toContain(row.text.slice(row.start, row.end));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('</td></tr> breaks');
    expect(mail.html).toContain('Typing &lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&lt;/tr&gt; breaks the editor\nand also\nBcc: x@y.example');
    // The line break inside the quote stayed inside the body: no header was added.
    expect(mail.headerLines.some((line) => line.key === 'bcc')).toBe(false);
    // The not-yet-pinned words of Jo, whole, and nobody's words summarised.
    expect(mail.text).toContain('“How do I export my data to a spreadsheet? I looked everywhere in the settings.”');
    // The rotation: who was on duty each day, and what they pinned that day.
    const today = dutyDateAt({ timeZone: 'Europe/Paris', handoffTime: '09:00' }, new Date());
    expect(mail.text).toContain(`- ${today} Support: ${FOUNDER.name}, pinned:\n    “${HOSTILE}\nand also\nBcc: x@y.example”\n    “${MULTI}”`);
    console.log(`Digest produced from the test fixture, as plain text:\n${mail.text}`);
  });

  it('catches up a digest missed while the server was down, and only once', async () => {
    // A week later the server was down at Monday 08:00 and comes back on Tuesday.
    clock.instant = new Date(SLOT.getTime() + 7 * 86_400_000 + 26 * 3_600_000);
    expect((await testApp.app.get(DigestService).runDue()).sent).toBe(1);
    expect((await testApp.app.get(DigestService).runDue()).sent).toBe(0);
    const { rows } = await testApp.database.pool.query(`SELECT period_start, period_end FROM digest ORDER BY period_end`);
    expect(rows[1]).toEqual({ period_start: SLOT, period_end: new Date(SLOT.getTime() + 7 * 86_400_000) });
  });

  it('retries a failed send', async () => {
    smtp.failNext(421);
    clock.instant = new Date(SLOT.getTime() + 14 * 86_400_000 + 60_000);
    expect(await testApp.app.get(DigestService).runDue()).toEqual({ sent: 0, failed: 1 });
    clock.instant = new Date(clock.instant.getTime() + 6 * 60_000);
    expect(await testApp.app.get(DigestService).runDue()).toEqual({ sent: 1, failed: 0 });
    const { rows } = await testApp.database.pool.query(`SELECT status, attempts FROM digest ORDER BY period_end DESC LIMIT 1`);
    expect(rows[0]).toEqual({ status: 'sent', attempts: 2 });
  });

  it('unsubscribes in one click', async () => {
    const mail = await simpleParser(smtp.received[0]!.raw);
    const url = /<([^>]+)>/.exec(mail.headerLines.find((line) => line.key === 'list-unsubscribe')!.line)![1]!.replace('https://support.acme.example', testApp.baseUrl);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    expect((await client.get('/api/digests/subscription')).body).toMatchObject({ enabled: false, nextAt: null });
  });
});

describe('digest time zones', () => {
  it('sends Monday 08:00 on each recipient’s own clock, across the autumn DST changes', async () => {
    const octoberClock = new TestClock(new Date('2026-10-26T06:59:00Z'));
    const app = await startTestApp({ clock: octoberClock, config: { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}` } });
    try {
      const api = new ApiClient(app.baseUrl);
      await api.setup({ ...FOUNDER, timeZone: 'Europe/Paris' });
      await app.app
        .get(PeopleService)
        .create({ name: 'Nia York', email: 'nia@wholegrain.test', password: 'a long password here', access: 'member', supportRole: 'founder', timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5] }, await testAdmin(app), null);
      const digests = app.app.get(DigestService);
      const periods = async () =>
        (await app.database.pool.query(`SELECT p.time_zone AS zone, d.period_end AS "end" FROM digest d JOIN person p ON p.id = d.person_id ORDER BY d.period_end`)).rows.map(
          (row: { zone: string; end: Date }) => `${row.zone} ${row.end.toISOString()}`,
        );
      // Monday 26 October: Paris has left summer time (08:00 = 07:00Z); New York has not (08:00 = 12:00Z).
      const steps: [string, string[]][] = [
        ['2026-10-26T07:00:30Z', ['Europe/Paris 2026-10-26T07:00:00.000Z']],
        ['2026-10-26T11:59:00Z', ['Europe/Paris 2026-10-26T07:00:00.000Z']],
        ['2026-10-26T12:00:30Z', ['Europe/Paris 2026-10-26T07:00:00.000Z', 'America/New_York 2026-10-26T12:00:00.000Z']],
        // Monday 2 November: New York has left summer time too (08:00 = 13:00Z).
        ['2026-11-02T12:30:00Z', ['Europe/Paris 2026-10-26T07:00:00.000Z', 'America/New_York 2026-10-26T12:00:00.000Z', 'Europe/Paris 2026-11-02T07:00:00.000Z']],
        [
          '2026-11-02T13:00:30Z',
          ['Europe/Paris 2026-10-26T07:00:00.000Z', 'America/New_York 2026-10-26T12:00:00.000Z', 'Europe/Paris 2026-11-02T07:00:00.000Z', 'America/New_York 2026-11-02T13:00:00.000Z'],
        ],
      ];
      // Before 08:00 Paris time on that Monday: the previous slot (19 October) goes first, as catch-up.
      await digests.runDue();
      await app.database.pool.query(`DELETE FROM digest`);
      await app.database.pool.query(`INSERT INTO digest (person_id, period_start, period_end, subject, text, html, content, status)
        SELECT id, '2026-10-12T00:00:00Z', '2026-10-19T12:00:00Z', 's', 't', 'h', '{}', 'sent' FROM person`);
      for (const [at, expected] of steps) {
        octoberClock.instant = new Date(at);
        await digests.runDue();
        expect((await periods()).filter((entry) => !entry.endsWith('2026-10-19T12:00:00.000Z'))).toEqual(expected);
      }
    } finally {
      await app.close();
    }
  });
});
