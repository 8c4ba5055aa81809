import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { waitUntil } from '../harness/wait.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

/** A real SMTP server that takes `delayMs` to accept each message, and says when one starts arriving. */
async function startSlowSmtp(delayMs: number) {
  let receiving: () => void = () => undefined;
  const firstReceiving = new Promise<void>((resolve) => {
    receiving = resolve;
  });
  let accepted = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      receiving();
      stream.resume();
      stream.on('end', () =>
        setTimeout(() => {
          accepted += 1;
          callback();
        }, delayMs),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    firstReceiving,
    accepted: () => accepted,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a stop (SIGINT/SIGTERM: app.close()) does to background work in flight. */
describe('stopping while replies are being sent', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  let smtp: Awaited<ReturnType<typeof startSlowSmtp>>;

  beforeAll(async () => {
    [dovecot, testApp, smtp] = await Promise.all([startDovecot(), startTestApp(), startSlowSmtp(400)]);
  });
  afterAll(async () => {
    await testApp?.database.drop();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('records the reply being sent and hands the others it claimed back at once, not after the 5-minute lease', async () => {
    const client = new ApiClient(testApp.baseUrl);
    expect((await client.setup(FOUNDER)).status).toBe(201);
    const mailbox = await createTestMailbox(testApp, dovecot, 'stopping', { smtp: { host: '127.0.0.1', port: smtp.port, user: 'stopping', password: 'unused' } });
    await dovecot.deliver('stopping', [buildInboundEmail()]);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    const list = await client.get(`/api/conversations?mailbox=${mailbox.id}`);
    let conversation = (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
    for (const text of ['First answer.', 'Second answer.', 'Third answer.']) {
      const reply = await client.post(`/api/conversations/${conversation.id}/replies`, { text, seenVersion: conversation.version });
      expect(reply.status).toBe(201);
      conversation = reply.body.conversation;
    }

    const sending = testApp.app.get(OutboxWorker).runOnce();
    await smtp.firstReceiving;
    const stopped = Date.now();
    await testApp.app.close();
    console.log(`app.close() with a reply mid-send: ${Date.now() - stopped} ms`);
    expect(Date.now() - stopped).toBeLessThan(2_000);
    expect(await sending).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.accepted()).toBe(1);

    const { rows } = await testApp.database.pool.query<{ text: string; send_status: string; send_attempts: number; due_now: boolean }>(
      `SELECT text, send_status, send_attempts, next_send_at <= now() AS due_now FROM message WHERE direction = 'out' AND kind = 'email' ORDER BY id`,
    );
    expect(rows.map((row) => row.send_status).sort()).toEqual(['queued', 'queued', 'sent']);
    // Released: due again now, and the attempt that never happened is not counted.
    for (const row of rows.filter((entry) => entry.send_status === 'queued')) expect(row).toMatchObject({ send_attempts: 0, due_now: true });
  });
});

describe('stopping in the middle of a mailbox sync', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  });
  afterAll(async () => {
    await testApp?.database.drop();
    await dovecot?.stop();
  });

  it('commits the batch in hand, gives the rest back, and the next start finishes the mailbox with every message once', async () => {
    const mailbox = await createTestMailbox(testApp, dovecot, 'big');
    const total = 900;
    await dovecot.deliver(
      'big',
      Array.from({ length: total }, (_, index) => buildInboundEmail({ from: `Customer ${index} <c${index}@customer.example>`, subject: `Question ${index}`, body: `Question number ${index}.` })),
    );
    const pool = testApp.database.pool;
    const running = testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    // Stop once the first batches are stored, well before the run could finish.
    await waitUntil(async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM raw_message')).rows[0]!.n > 0, 30_000);
    const stopped = Date.now();
    await testApp.app.close();
    const closeMs = Date.now() - stopped;
    expect(closeMs).toBeLessThan(2_000);
    // The batch being written when the stop began settles on its own (commits, or rolls back with its claim).
    await running.catch(() => undefined);

    const state = async () =>
      (
        await pool.query<{ stage: string; due: boolean; raws: number; pending: number; messages: number }>(
          `SELECT m.sync_stage AS stage, m.next_sync_at <= now() AS due,
                  (SELECT count(*)::int FROM raw_message) AS raws,
                  (SELECT count(*)::int FROM raw_message WHERE state = 'pending') AS pending,
                  (SELECT count(*)::int FROM message WHERE direction = 'in') AS messages
           FROM mailbox m WHERE m.id = $1`,
          [mailbox.id],
        )
      ).rows[0]!;
    const afterStop = await state();
    // Handed back: not left "running" for a reaper, due at once.
    expect(afterStop).toMatchObject({ stage: 'idle', due: true });
    // Every stored raw message is either ingested (its batch committed) or still pending (given back), nothing half-done.
    expect(afterStop.messages).toBe(afterStop.raws - afterStop.pending);
    expect(afterStop.raws).toBeLessThan(total + 1);

    const restarted = await createApp({ config: testApp.config, databaseUrl: testApp.database.url });
    try {
      await restarted.get(MailboxSyncService).syncNow(mailbox.id);
    } finally {
      await restarted.close();
    }
    expect(await state()).toMatchObject({ stage: 'idle', raws: total, pending: 0, messages: total });
    console.log(`sync stopped in ${closeMs} ms with ${afterStop.raws} of ${total} stored, ${afterStop.messages} ingested; the restart finished the rest`);
  }, 120_000);
});
