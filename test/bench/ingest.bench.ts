import { afterAll, beforeAll, describe, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { MailboxFetchService } from '../../api/src/sync/mailbox-fetch.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 10_000);
const PARAGRAPH = 'When I open the calendar on my phone the events I created on the laptop are gone, and when I reconnect they come back twice. ';

/** Plain text, all of it the customer's new words (4.8 KB to make searchable): the worst case for search. */
function plainCorpus(): Buffer[] {
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

/**
 * The shape of a typical reply from a mail client: DKIM and Received headers, multipart/alternative
 * with a text part (a few sentences of new words, then the quoted history) and an HTML part.
 */
function clientCorpus(): Buffer[] {
  const history = Array.from({ length: 14 }, (_, line) => `> ${PARAGRAPH.slice(0, 50 + line * 5)}`).join('\r\n');
  return Array.from({ length: COUNT }, (_, index) => {
    const thread = Math.floor(index / 4);
    const customer = `customer${thread % 500}@customer.example`;
    const words = `Hi team,\r\n\r\nMessage ${index}: ${PARAGRAPH}${PARAGRAPH.slice(0, 60 + (index % 50))}.\r\nIt happens on both of my laptops since the update. Could you have a look?\r\n\r\nThanks,\r\nCustomer ${thread % 500}`;
    const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p{margin:0}.quote{border-left:1px solid #ccc;padding-left:1ex}</style></head><body><div dir="ltr"><p>${words.replace(/\r\n/g, '<br>\r\n')}</p></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 23 Nov 2026 at 10:00, Support &lt;support@wholegrain.test&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${history.replace(/^> /gm, '').replace(/\r\n/g, '<br>\r\n')}</blockquote></div></body></html>`;
    const headers = [
      `Received: from mail-lf1-f54.google.example (mail-lf1-f54.google.example [209.85.167.54]) by mx.wholegrain.test with ESMTPS id ${index}; Mon, 23 Nov 2026 10:0${index % 10}:00 +0000`,
      `Received: by mail-lf1-f54.google.example with SMTP id ${index}so${thread}; Mon, 23 Nov 2026 02:00:00 -0800 (PST)`,
      `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=customer.example; s=20230601; t=1764000000; x=1764600000; h=to:subject:message-id:date:from:in-reply-to:references:mime-version:from:to:cc:subject:date:message-id:reply-to; bh=${'A'.repeat(44)}; b=${'B'.repeat(340)}`,
      `From: Customer ${thread % 500} <${customer}>`,
      'To: support@wholegrain.test',
      `Subject: ${index % 4 === 0 ? '' : 'Re: '}Sync problem ${thread}`,
      'Date: Mon, 23 Nov 2026 10:00:00 +0000',
      `Message-ID: <CAbench${index}@mail.customer.example>`,
      ...(index % 4 !== 0 ? [`In-Reply-To: <CAbench${index - 1}@mail.customer.example>`, `References: <CAbench${thread * 4}@mail.customer.example> <CAbench${index - 1}@mail.customer.example>`] : []),
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="00000000000bench${index}"`,
    ];
    const boundary = `00000000000bench${index}`;
    return Buffer.from(
      `${headers.join('\r\n')}\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset="UTF-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${words}\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Support <support@wholegrain.test> wrote:\r\n${history}\r\n\r\n--${boundary}\r\nContent-Type: text/html; charset="UTF-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${html}\r\n\r\n--${boundary}--\r\n`,
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

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  }, 120_000);
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it.each([
    ['plain', 'plain text, 4.8 KB of new words each', plainCorpus],
    ['client', 'mail-client replies: multipart/alternative, new words, quoted history', clientCorpus],
  ])(`ingests ${COUNT} messages of ~5 KB: %s`, async (name, description, build) => {
    const messages = build();
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
    const fetchOnly = await createTestMailbox(testApp, dovecot, `${name}-fetch`);
    await dovecot.deliver(`${name}-fetch`, messages);
    const fetchStarted = performance.now();
    await testApp.app.get(MailboxFetchService).fetchNewMail(fetchOnly);
    const fetchSeconds = (performance.now() - fetchStarted) / 1000;
    await testApp.database.pool.query(`UPDATE raw_message SET state = 'processed' WHERE mailbox_id = $1`, [fetchOnly.id]);

    // End to end: one sync run, as the scheduler or "Sync now" runs it.
    const mailbox = await createTestMailbox(testApp, dovecot, name);
    await dovecot.deliver(name, messages);
    const started = performance.now();
    const result = await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    const seconds = (performance.now() - started) / 1000;

    // PostgreSQL alone computing the same search vectors (the customers' words of the stored messages).
    const vectorStarted = performance.now();
    const [{ characters }] = (
      await testApp.database.pool.query(
        `SELECT count(to_tsvector('wholegrain', substring(text FROM new_text_start + 1 FOR new_text_end - new_text_start))), avg(new_text_end - new_text_start)::int AS characters
         FROM message WHERE mailbox_id = $1`,
        [mailbox.id],
      )
    ).rows;
    const vectorSeconds = (performance.now() - vectorStarted) / 1000;
    const [{ conversations }] = (await testApp.database.pool.query(`SELECT count(*)::int AS conversations FROM conversation WHERE mailbox_id = $1`, [mailbox.id])).rows;

    const rate = (seconds: number) => `${(COUNT / seconds).toFixed(0)} messages/s (${seconds.toFixed(2)} s)`;
    const parseRate = COUNT / parseSeconds;
    const ingestRate = COUNT / seconds;
    console.log(
      [
        `${name}: ${description}`,
        `messages: ${COUNT} × ${averageSize} bytes on average, ${characters} characters of new words each, in ${conversations} conversations`,
        `mailparser alone (median of 3 warm passes): ${rate(parseSeconds)}  [passes: ${parsePasses.map((value) => value.toFixed(2)).join(', ')} s]`,
        `end-to-end ingest (one sync run):           ${rate(seconds)} ${JSON.stringify(result)}`,
        `  baseline, IMAP fetch + raw storage alone: ${rate(fetchSeconds)}`,
        `  baseline, PostgreSQL to_tsvector alone:   ${rate(vectorSeconds)}`,
        `ratio ingest/mailparser: ${(ingestRate / parseRate).toFixed(2)} (goal ≥ 0.50); ingest/fetch alone: ${(fetchSeconds / seconds).toFixed(2)}; ingest/to_tsvector alone: ${(vectorSeconds / seconds).toFixed(2)}`,
      ].join('\n'),
    );
  }, 1_800_000);
});
