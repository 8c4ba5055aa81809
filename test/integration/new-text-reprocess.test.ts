import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import type { QuoteDto } from '../../api/src/feedback/feedback.types.js';
import { reprocessNewTextCommand } from '../../api/src/ingest/new-text-run-cli.js';
import type { NewTextRunDto } from '../../api/src/ingest/new-text-run.types.js';
import { TransactionRunner } from '../../api/src/database/transaction.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

let dovecot: Dovecot;
let testApp: TestApp;
let client: ApiClient;
let mailbox: Mailbox;

const NEW_WORDS = 'Bedankt, de export werkt nu.\nMaar de totaalregel ontbreekt nog steeds.';
// A Dutch Gmail attribution and unquoted Outlook-style history: the old rules kept all of it as new words.
const REPLY = `${NEW_WORDS}\n\nVan: Wholegrain Support <help@acme.example>\nVerzonden: maandag 30 november 2026 09:15\nAan: Carla <carla@customer.example>\nOnderwerp: RE: Export\n\nHoi Carla,\n\nProbeer de agenda zanzibarish opnieuw te koppelen.\n\nAda`;
const INTERLEAVED = 'On 30/11/2026 09:15, Ada wrote:\n> Which quokkaquoted browser?\n\nFirefox wombatanswer.\n\n> Which version?\n\nVersion 140.';
const MEMBER = { name: 'Mo Member', email: 'mo@wholegrain.test', password: 'member password 123', access: 'member', supportRole: 'programmer', timeZone: 'UTC' };

async function conversationOf(email: string): Promise<ConversationDto> {
  const list = await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`);
  return (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
}

const query = (sql: string, parameters: unknown[] = []) => testApp.app.get(TransactionRunner).manager.query(sql, parameters);

async function waitForRun(): Promise<NewTextRunDto> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { body } = await client.get<{ run: NewTextRunDto | null }>('/api/admin/new-text/runs/latest');
    if (body.run && body.run.status !== 'running') return body.run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

beforeAll(async () => {
  [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  mailbox = await createTestMailbox(testApp, dovecot, 'reprocess', { address: 'help@acme.example' });
  await dovecot.deliver('reprocess', [
    buildInboundEmail({ from: 'Carla <carla@customer.example>', subject: 'RE: Export', body: REPLY }),
    buildInboundEmail({ from: 'Dora <dora@customer.example>', subject: 'Question', body: 'Where do I find the export button?' }),
    buildInboundEmail({ from: 'Ines <ines@customer.example>', subject: 'Re: Questions', body: INTERLEAVED }),
  ]);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
});
afterAll(async () => {
  await testApp?.close();
  await dovecot?.stop();
});

describe('re-processing the new words of stored messages', () => {
  it('re-computes spans, search and previews, keeps pinned quotes byte for byte and flags those now outside', async () => {
    // Ingestion already finds the new words exactly; put back what the old rules stored (the whole text).
    let carla = await conversationOf('carla@customer.example');
    const message = carla.messages[0]!;
    expect(message.text.slice(message.newText.start, message.newText.end)).toBe(NEW_WORDS);
    await query(
      `UPDATE message SET new_text_start = 0, new_text_end = length(text), search = to_tsvector('wholegrain', text) WHERE id = $1`,
      [message.id],
    );
    await query(`UPDATE conversation SET preview = left((SELECT text FROM message WHERE id = $1), 200) WHERE preview_message_id = $1`, [message.id]);
    expect((await client.get(`/api/conversations?q=zanzibarish`)).body.items).toHaveLength(1);

    // Pin one quote in the customer's words and one in the history the old span showed as theirs.
    const pin = async (words: string) => {
      const start = message.text.indexOf(words);
      const response = await client.post<QuoteDto>('/api/quotes', { messageId: message.id, start, end: start + words.length });
      expect(response.status).toBe(201);
      return response.body;
    };
    const inside = await pin('de totaalregel ontbreekt');
    const outside = await pin('Probeer de agenda zanzibarish opnieuw te koppelen.');

    const started = await client.post<{ run: NewTextRunDto }>('/api/admin/new-text/runs', {});
    expect(started.status).toBe(202);
    const run = await waitForRun();
    expect(run).toMatchObject({ status: 'done', total: 3, processed: 3, changed: 1, quotesFlagged: 1, error: null });

    carla = await conversationOf('carla@customer.example');
    const after = carla.messages[0]!;
    expect(after.text).toBe(message.text);
    expect(after.text.slice(after.newText.start, after.newText.end)).toBe(NEW_WORDS);
    expect(carla.preview?.text).toBe(NEW_WORDS);
    expect((await client.get(`/api/conversations?q=zanzibarish`)).body.items).toHaveLength(0);
    expect((await client.get(`/api/conversations?q=totaalregel`)).body.items).toHaveLength(1);

    const quotes: { id: string; start_offset: number; end_offset: number; text: string; outside_new_text: boolean }[] = await query(
      'SELECT id::text, start_offset, end_offset, text, outside_new_text FROM quote ORDER BY pinned_at',
    );
    expect(quotes).toEqual([
      { id: inside.id, start_offset: inside.start, end_offset: inside.end, text: 'de totaalregel ontbreekt', outside_new_text: false },
      { id: outside.id, start_offset: outside.start, end_offset: outside.end, text: 'Probeer de agenda zanzibarish opnieuw te koppelen.', outside_new_text: true },
    ]);

    // A second run finds nothing to change.
    await client.post('/api/admin/new-text/runs', {});
    expect(await waitForRun()).toMatchObject({ status: 'done', processed: 3, changed: 0, quotesFlagged: 0 });
  });

  it('stores an interleaved reply as one range marked interleaved: search skips its quoted lines, the preview shows the first answer', async () => {
    const ines = await conversationOf('ines@customer.example');
    const message = ines.messages[0]!;
    expect(message.text.slice(message.newText.start, message.newText.end)).toBe('Firefox wombatanswer.\n\n> Which version?\n\nVersion 140.');
    expect(message.newText).toMatchObject({ interleaved: true, forwarded: false });
    expect(ines.preview.text).toBe('Firefox wombatanswer.');
    expect((await client.get('/api/conversations?q=wombatanswer')).body.items).toHaveLength(1);
    expect((await client.get('/api/conversations?q=quokkaquoted')).body.items).toHaveLength(0);
    expect((await client.get('/api/conversations?q=140')).body.items).toHaveLength(1);
  });

  it('refuses a second run while one is running, and anyone but an admin', async () => {
    await query(`INSERT INTO new_text_run (status) VALUES ('running')`);
    expect((await client.post('/api/admin/new-text/runs', {})).status).toBe(409);
    // A run whose process died (no heartbeat for minutes) is failed, and a new one may start.
    await query(`UPDATE new_text_run SET heartbeat_at = now() - interval '10 minutes' WHERE status = 'running'`);
    expect((await client.post('/api/admin/new-text/runs', {})).status).toBe(202);
    expect((await waitForRun()).status).toBe('done');
    expect((await query(`SELECT count(*)::int AS n FROM new_text_run WHERE error LIKE 'Abandoned%'`))[0].n).toBe(1);

    expect((await client.post('/api/people', MEMBER)).status).toBe(201);
    const member = new ApiClient(testApp.baseUrl);
    expect((await member.signIn(MEMBER.email, MEMBER.password)).status).toBe(200);
    expect((await member.post('/api/admin/new-text/runs', {})).status).toBe(403);
    expect((await member.get('/api/admin/new-text/runs/latest')).status).toBe(403);
  });

  it('runs as `npm run reprocess:new-text` does, and measures its rate on a seeded set', async () => {
    // Seed copies of the golden set's plain replies as stored messages with the old rules' span (the whole text).
    const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/new-words');
    const texts = readdirSync(fixtures)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => readFileSync(path.join(fixtures, file), 'utf8').replace(/[⟦⟧]/g, ''));
    const [{ conversation, raw }] = await query(
      `SELECT conversation_id::text AS conversation, raw_message_id::text AS raw FROM message WHERE direction = 'in' ORDER BY id LIMIT 1`,
    );
    const SEEDED = 5000;
    await query(
      `INSERT INTO message (conversation_id, mailbox_id, raw_message_id, direction, kind, message_key, content_hash, subject, received_at, text,
                            new_text_start, new_text_end, thread_rule, from_address, search)
       SELECT $1, $2, $3, 'in', 'email', 'seed-' || i, 'seed-' || i, 'Re: Export', now(), t.text, 0, length(t.text), 'new', 'seed@customer.example',
              to_tsvector('wholegrain', t.text)
       FROM generate_series(1, $4::int) AS i
       JOIN LATERAL (SELECT ($5::text[])[1 + (i % array_length($5::text[], 1))] AS text) t ON true`,
      [conversation, mailbox.id, raw, SEEDED, texts],
    );
    const [{ seeded }] = await query(`SELECT count(*)::int AS seeded FROM message WHERE message_key LIKE 'seed-%'`);
    expect(seeded).toBe(SEEDED);
    const lines: string[] = [];
    const started = performance.now();
    const code = await reprocessNewTextCommand({ ...process.env, DATABASE_URL: testApp.database.url }, (line) => lines.push(line));
    const seconds = (performance.now() - started) / 1000;
    expect(code).toBe(0);
    expect(lines.filter((line) => /^\d+ \/ \d+ messages/.test(line)).length).toBeGreaterThanOrEqual(SEEDED / 500);
    expect(lines.at(-1)).toMatch(new RegExp(`^Done: ${SEEDED + 3} messages in`));
    const [{ whole }] = await query(`SELECT count(*)::int AS whole FROM message WHERE message_key LIKE 'seed-%' AND new_text_start = 0 AND new_text_end = length(text)`);
    expect(whole).toBeLessThan(SEEDED / 4);
    console.log(`re-processing: ${SEEDED + 3} stored messages in ${seconds.toFixed(2)} s = ${Math.round((SEEDED + 3) / seconds)} messages/s (${lines.at(-1)})`);
  });
});
