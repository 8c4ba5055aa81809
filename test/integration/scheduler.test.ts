import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { Config } from '../../api/src/config/config.js';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { testAdmin } from '../harness/mailbox.js';
import { waitUntil } from '../harness/wait.js';

describe('scheduled sync', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  let second: Awaited<ReturnType<typeof createApp>>;
  const count = async (sql: string, values: unknown[] = []) => Number((await testApp.database.pool.query(sql, values)).rows[0].count);

  beforeAll(async () => {
    const background: Partial<Config> = { backgroundJobs: true, syncTickMs: 150 };
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp({ config: background })]);
    // A second API process on the same database, as when scaled out.
    second = await createApp({ config: testApp.config, databaseUrl: testApp.database.url });
    await second.init();
  });
  afterAll(async () => {
    await second?.close();
    await testApp?.close();
    await dovecot?.stop();
  });

  const createMailbox = async (user: string, pollIntervalSeconds: number) => {
    await dovecot.addUser(user, SHARED_PASSWORD);
    return testApp.app.get(MailboxesService).create(
      {
        name: user,
        address: `${user}@wholegrain.test`,
        imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password: SHARED_PASSWORD },
        smtp: { host: '127.0.0.1', port: 2525, tls: false, user, password: SHARED_PASSWORD },
        folders: ['INBOX'],
        allowSelfSigned: false,
        pollIntervalSeconds,
      },
      await testAdmin(testApp),
      null,
    );
  };

  it('ingests everything exactly once with two API processes claiming the same mailbox', async () => {
    await dovecot.addUser('shared', SHARED_PASSWORD);
    await dovecot.deliver('shared', Array.from({ length: 400 }, (_, index) => buildInboundEmail({ messageId: `<s${index}@customer.example>`, subject: `Shared ${index}` })));
    const mailbox = await createMailbox('shared', 15);
    await waitUntil(async () => (await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1`, [mailbox.id])) === 400, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await count(`SELECT COUNT(*) FROM raw_message WHERE mailbox_id = $1`, [mailbox.id])).toBe(400);
    expect(await count(`SELECT COUNT(*) FROM raw_message WHERE mailbox_id = $1 AND state <> 'processed'`, [mailbox.id])).toBe(0);
    expect(await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1`, [mailbox.id])).toBe(400);
  });

  it('wakes up through IMAP IDLE when mail arrives, long before the next poll', async () => {
    const mailbox = await createMailbox('idle', 3600);
    await waitUntil(async () => (await count(`SELECT COUNT(*) FROM mailbox WHERE id = $1 AND last_success_at IS NOT NULL`, [mailbox.id])) === 1, 30_000);
    // Let the watcher settle into IDLE.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await dovecot.deliver('idle', [buildInboundEmail({ subject: 'Pushed by IDLE' })]);
    const waited = await waitUntil(async () => (await count(`SELECT COUNT(*) FROM message WHERE mailbox_id = $1`, [mailbox.id])) === 1, 20_000);
    console.log(`IDLE wake-up: the message was ingested ${waited} ms after delivery (poll interval 3600 s)`);
  });
});
