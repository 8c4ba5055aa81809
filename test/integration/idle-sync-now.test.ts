import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { testAdmin } from '../harness/mailbox.js';
import { waitUntil } from '../harness/wait.js';

/**
 * New mail reported by IMAP IDLE is synced at once, not at the scheduler's next tick: with a tick of
 * ten minutes and a poll interval of an hour, each delivery still shows up within seconds.
 */
describe('IDLE syncs at once', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  const count = async (sql: string, values: unknown[] = []) => Number((await testApp.database.pool.query(sql, values)).rows[0].count);
  /** A mailbox on the Dovecot account `user`, polled only hourly: anything sooner comes from IDLE. */
  const hourlyMailbox = async (user: string) =>
    testApp.app.get(MailboxesService).create(
      {
        name: user,
        address: `${user}@wholegrain.test`,
        imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password: SHARED_PASSWORD },
        smtp: { host: '127.0.0.1', port: 2525, tls: false, user, password: SHARED_PASSWORD },
        folders: ['INBOX'],
        allowSelfSigned: false,
        pollIntervalSeconds: 3600,
      },
      await testAdmin(testApp),
      null,
    );

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp({ config: { backgroundJobs: true, syncTickMs: 600_000 } })]);
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('ingests each delivery within seconds while the scheduler sleeps', async () => {
    await dovecot.addUser('prompt', SHARED_PASSWORD);
    const mailbox = await hourlyMailbox('prompt');
    // Let the watcher settle into IDLE.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const [index, subject] of ['First by IDLE', 'Second by IDLE', 'Third by IDLE'].entries()) {
      await dovecot.deliver('prompt', [buildInboundEmail({ subject })]);
      const waited = await waitUntil(async () => (await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1`, [mailbox.id])) === index + 1, 30_000);
      expect(waited).toBeLessThan(30_000);
    }
    expect(await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1 AND subject LIKE '% by IDLE'`, [mailbox.id])).toBe(3);
  }, 120_000);

  it('fetches mail that arrived while nobody watched as soon as the watch begins (after a restart or a dropped connection)', async () => {
    await dovecot.addUser('waiting', SHARED_PASSWORD);
    await dovecot.deliver('waiting', [buildInboundEmail({ subject: 'Sent while Wholegrain was stopped' }), buildInboundEmail({ subject: 'Also sent meanwhile' })]);
    const mailbox = await hourlyMailbox('waiting');
    // The scheduler's next tick is ten minutes away: only the watch beginning can fetch them this soon.
    const waited = await waitUntil(async () => (await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1`, [mailbox.id])) === 2, 15_000);
    expect(waited).toBeLessThan(15_000);
  }, 60_000);
});
