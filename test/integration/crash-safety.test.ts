import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config/config.js';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { assertBuilt, runProduct, waitForOutput } from '../harness/product-process.js';

const MESSAGES = 2_000;
const KILLED_RUNS = 6;
const SEED = 20261128;

/** A small seeded generator (mulberry32): the same kill points on every run of the test. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ingesting process is killed with SIGKILL at seeded random points while 2,000 messages are
 * fetched and processed (once mid-fetch, then mid-processing); then a last process finishes.
 * Nothing may be lost or stored twice.
 */
describe('crash safety of ingestion', () => {
  let dovecot: Dovecot;
  let database: TestDatabase;
  let mailboxId: string;
  const secretKey = randomBytes(32);

  beforeAll(async () => {
    assertBuilt();
    [dovecot, database] = await Promise.all([startDovecot(), createTestDatabase()]);
    await dovecot.addUser('crash', SHARED_PASSWORD);
    const app = await createApp({ config: { ...loadConfig({ LOG_LEVEL: 'error' }), secretKey, backgroundJobs: false }, databaseUrl: database.url });
    try {
      const admin = await app.get(PeopleService).setup({ name: 'Ada', email: 'ada@wholegrain.test', password: 'correct horse battery', timeZone: 'UTC' }, null);
      const mailbox = await app.get(MailboxesService).create(
        {
          name: 'Crash',
          address: 'crash@wholegrain.test',
          imap: { host: dovecot.host, port: dovecot.port, tls: false, user: 'crash', password: SHARED_PASSWORD },
          smtp: { host: '127.0.0.1', port: 2525, tls: false, user: 'crash', password: SHARED_PASSWORD },
          folders: ['INBOX'],
          allowSelfSigned: false,
          pollIntervalSeconds: 15,
        },
        admin,
        null,
      );
      mailboxId = mailbox.id;
    } finally {
      await app.close();
    }
    const emails = Array.from({ length: MESSAGES }, (_, index) =>
      buildInboundEmail({
        from: `customer${index % 200}@customer.example`,
        messageId: `<m${index}@customer.example>`,
        subject: `Question ${Math.floor(index / 5)}`,
        // Every fifth message answers the one before it, so threading runs too.
        ...(index % 5 !== 0 ? { inReplyTo: `<m${index - 1}@customer.example>` } : {}),
        body: `Message ${index}: ${'the sync lost my words again. '.repeat(10)}`,
      }),
    );
    await dovecot.deliver('crash', emails);
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    await dovecot?.stop();
  });

  const counts = async () =>
    (
      await database.pool.query(
        `SELECT (SELECT COUNT(*)::int FROM raw_message) AS raw,
                (SELECT COUNT(*)::int FROM raw_message WHERE state = 'processed') AS processed,
                (SELECT COUNT(*)::int FROM message) AS messages,
                (SELECT COUNT(DISTINCT message_key)::int FROM message) AS keys,
                (SELECT COALESCE(SUM(message_count), 0)::int FROM conversation) AS counted`,
      )
    ).rows[0] as { raw: number; processed: number; messages: number; keys: number; counted: number };

  it(`loses and duplicates nothing when killed with SIGKILL ${KILLED_RUNS} times mid-ingest`, async () => {
    const random = seededRandom(SEED);
    const env = async () => ({
      DATABASE_URL: database.url,
      SECRET_KEY: secretKey.toString('base64'),
      PORT: String(await freePort()),
      SYNC_TICK_SECONDS: '0.2',
      LOG_LEVEL: 'log',
    });
    const killedAt: string[] = [];
    let killedMidProcessing = 0;
    for (let run = 0; run < KILLED_RUNS; run += 1) {
      const product = runProduct(await env());
      await waitForOutput(product, /Wholegrain is ready/, 60_000);
      // The first kill lands mid-fetch: some batches of raw mail and their cursor are stored, some not.
      // Each later one lands mid-processing: after a seeded random number more messages were stored,
      // plus up to 40 ms, so it hits batches being parsed, written or committed (and fetches still running).
      const before = await counts();
      const target =
        run === 0
          ? { raw: 600, messages: 0 }
          : { raw: 0, messages: Math.min(MESSAGES - 1, before.messages + 1 + Math.floor(random() * Math.min(300, (MESSAGES - before.messages) / 2))) };
      const started = Date.now();
      let state = before;
      while ((state.raw < target.raw || state.messages < target.messages) && Date.now() - started < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        state = await counts();
      }
      const delay = Date.now() - started + (run === 0 ? 0 : Math.floor(random() * 40));
      await new Promise((resolve) => setTimeout(resolve, delay - (Date.now() - started)));
      product.child.kill('SIGKILL');
      await product.exited;
      const after = await counts();
      killedAt.push(`${delay} ms (raw ${after.raw}, messages ${after.messages})`);
      if (after.messages > 0 && after.messages < MESSAGES) killedMidProcessing += 1;
    }

    const last = runProduct(await env());
    const deadline = Date.now() + 150_000;
    let state = await counts();
    while ((state.processed < MESSAGES || state.messages < MESSAGES) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      state = await counts();
    }
    last.child.kill('SIGTERM');
    await last.exited;
    console.log(`crash test (seed ${SEED}): killed after ${killedAt.join('; ')}; final ${JSON.stringify(state)}`);

    expect(state).toEqual({ raw: MESSAGES, processed: MESSAGES, messages: MESSAGES, keys: MESSAGES, counted: MESSAGES });
    expect(killedMidProcessing).toBeGreaterThanOrEqual(KILLED_RUNS - 1);
    const { rows } = await database.pool.query(`SELECT sync_stage, last_error FROM mailbox WHERE id = $1`, [mailboxId]);
    expect(rows[0].sync_stage).not.toBe('running');
  }, 300_000);
});
