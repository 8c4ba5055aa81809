import { afterAll, beforeAll, describe, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { IngestService } from '../../api/src/ingest/ingest.service.js';
import { MailboxFetchService } from '../../api/src/mailboxes/mailbox-fetch.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const PARAGRAPH = 'When I open the calendar on my phone the events I created on the laptop are gone, and when I reconnect they come back twice. ';

/** ~5 KB messages from 500 customers; one in four answers an earlier one. */
function corpus(): Buffer[] {
  return Array.from({ length: COUNT }, (_, index) =>
    Buffer.from(
      buildInboundEmail({
        from: `Customer ${index % 500} <customer${index % 500}@customer.example>`,
        messageId: `<bench${index}@customer.example>`,
        subject: `Sync problem ${Math.floor(index / 4)}`,
        ...(index % 4 !== 0 ? { inReplyTo: `<bench${index - 1}@customer.example>` } : {}),
        body: `Hello,\n\n${PARAGRAPH.repeat(38)}\n\nMessage ${index}\n\nOn Mon, Support <support@wholegrain.test> wrote:\n> Could you try again?`,
      }),
    ),
  );
}

/**
 * End-to-end ingest (IMAP fetch from Dovecot, raw storage with the cursor, parse, classify, dedupe,
 * thread, write) against mailparser alone on the same messages, measured in the same run.
 * Run with `npm run bench -- test/bench/ingest.bench.ts`.
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

    const parseStarted = performance.now();
    for (const message of messages) await simpleParser(message, { keepCidLinks: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
    const parseSeconds = (performance.now() - parseStarted) / 1000;

    const mailbox = await createTestMailbox(testApp, dovecot, 'bench');
    await dovecot.deliver('bench', messages);
    // The same work as one sync run, timed by phase.
    const started = performance.now();
    const fetched = await testApp.app.get(MailboxFetchService).fetchNewMail(mailbox);
    const fetchSeconds = (performance.now() - started) / 1000;
    const counts = await testApp.app.get(IngestService).processPending(mailbox);
    const seconds = (performance.now() - started) / 1000;
    const result = { ...fetched, ...counts };

    const parseRate = COUNT / parseSeconds;
    const ingestRate = COUNT / seconds;
    console.log(
      [
        `messages: ${COUNT} × ${averageSize} bytes on average`,
        `mailparser alone:      ${parseRate.toFixed(0)} messages/s (${parseSeconds.toFixed(1)} s)`,
        `end-to-end ingest:     ${ingestRate.toFixed(0)} messages/s (${seconds.toFixed(1)} s) ${JSON.stringify(result)}`,
        `  of which IMAP fetch + raw storage: ${(COUNT / fetchSeconds).toFixed(0)} messages/s (${fetchSeconds.toFixed(1)} s); processing: ${(COUNT / (seconds - fetchSeconds)).toFixed(0)} messages/s`,
        `ratio ingest/parse:    ${(ingestRate / parseRate).toFixed(2)} (goal ≥ 0.50)`,
      ].join('\n'),
    );
  }, 1_800_000);
});
