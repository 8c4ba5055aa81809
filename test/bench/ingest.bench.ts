import { afterAll, beforeAll, describe, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { MailboxFetchService } from '../../api/src/mailboxes/mailbox-fetch.service.js';
import { MailboxSyncService } from '../../api/src/mailboxes/mailbox-sync.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const PARAGRAPH = 'When I open the calendar on my phone the events I created on the laptop are gone, and when I reconnect they come back twice. ';

/** ~5 KB messages from 500 customers, in threads of four: the customer writes, then answers three times. */
function corpus(): Buffer[] {
  return Array.from({ length: COUNT }, (_, index) => {
    const thread = Math.floor(index / 4);
    return Buffer.from(
      buildInboundEmail({
        from: `Customer ${thread % 500} <customer${thread % 500}@customer.example>`,
        messageId: `<bench${index}@customer.example>`,
        subject: index % 4 === 0 ? `Sync problem ${thread}` : `Re: Sync problem ${thread}`,
        ...(index % 4 !== 0 ? { inReplyTo: `<bench${index - 1}@customer.example>` } : {}),
        body: `Hello,\n\n${PARAGRAPH.repeat(38)}\n\nMessage ${index}\n\nOn Mon, Support <support@wholegrain.test> wrote:\n> Could you try again?`,
      }),
    );
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * End-to-end ingest as a sync run does it (IMAP fetch from Dovecot with raw storage and the cursor,
 * overlapped with parsing, classifying, deduplicating, threading, writing and making searchable)
 * against mailparser alone on the same messages, measured in the same run. Two more baselines say
 * where the time goes: the IMAP fetch with raw storage alone, and PostgreSQL alone computing the
 * search vectors of the same customers' words. Run with `npm run bench -- test/bench/ingest.bench.ts`.
 */
describe('ingest throughput', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  const messages = corpus();

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  }, 120_000);
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it(`ingests ${COUNT} messages of ~5 KB`, async () => {
    const averageSize = Math.round(messages.reduce((sum, message) => sum + message.length, 0) / messages.length);
    const options = { keepCidLinks: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true };

    // mailparser alone: one warm-up pass (so the JIT has compiled it), then the median of three.
    for (const message of messages.slice(0, 2000)) await simpleParser(message, options);
    const parsePasses: number[] = [];
    for (let pass = 0; pass < 3; pass += 1) {
      const started = performance.now();
      for (const message of messages) await simpleParser(message, options);
      parsePasses.push((performance.now() - started) / 1000);
    }
    const parseSeconds = median(parsePasses);

    // The IMAP fetch and raw storage alone, into a second mailbox.
    const fetchOnly = await createTestMailbox(testApp, dovecot, 'fetchonly');
    await dovecot.deliver('fetchonly', messages);
    const fetchStarted = performance.now();
    await testApp.app.get(MailboxFetchService).fetchNewMail(fetchOnly);
    const fetchSeconds = (performance.now() - fetchStarted) / 1000;
    await testApp.database.pool.query(`UPDATE raw_message SET state = 'processed' WHERE mailbox_id = $1`, [fetchOnly.id]);

    // End to end: one sync run, as the scheduler or "Sync now" runs it.
    const mailbox = await createTestMailbox(testApp, dovecot, 'bench');
    await dovecot.deliver('bench', messages);
    const started = performance.now();
    const result = await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    const seconds = (performance.now() - started) / 1000;

    // PostgreSQL alone computing the same search vectors (the customers' words of the stored messages).
    const vectorStarted = performance.now();
    await testApp.database.pool.query(
      `SELECT count(to_tsvector('english', substring(text FROM new_text_start + 1 FOR new_text_end - new_text_start))) FROM message WHERE mailbox_id = $1`,
      [mailbox.id],
    );
    const vectorSeconds = (performance.now() - vectorStarted) / 1000;
    const [{ conversations }] = (await testApp.database.pool.query(`SELECT count(*)::int AS conversations FROM conversation WHERE mailbox_id = $1`, [mailbox.id])).rows;

    const rate = (seconds: number) => `${(COUNT / seconds).toFixed(0)} messages/s (${seconds.toFixed(2)} s)`;
    const parseRate = COUNT / parseSeconds;
    const ingestRate = COUNT / seconds;
    console.log(
      [
        `messages: ${COUNT} × ${averageSize} bytes on average, in ${conversations} conversations`,
        `mailparser alone (median of 3 warm passes): ${rate(parseSeconds)}  [passes: ${parsePasses.map((value) => value.toFixed(2)).join(', ')} s]`,
        `end-to-end ingest (one sync run):           ${rate(seconds)} ${JSON.stringify(result)}`,
        `  baseline, IMAP fetch + raw storage alone: ${rate(fetchSeconds)}`,
        `  baseline, PostgreSQL to_tsvector alone:   ${rate(vectorSeconds)}`,
        `ratio ingest/mailparser: ${(ingestRate / parseRate).toFixed(2)} (goal ≥ 0.50); ingest/fetch alone: ${(fetchSeconds / seconds).toFixed(2)}; ingest/to_tsvector alone: ${(vectorSeconds / seconds).toFixed(2)}`,
      ].join('\n'),
    );
  }, 1_800_000);
});
