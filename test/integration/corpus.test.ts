import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/corpus');
const emlFiles = (directory: string): string[] =>
  readdirSync(directory).flatMap((entry) => {
    const full = path.join(directory, entry);
    return statSync(full).isDirectory() ? emlFiles(full) : entry.endsWith('.eml') ? [full] : [];
  });

/** Real-world mail (malformed MIME, odd charsets, bounces, RFC examples): each is ingested or quarantined with a reason. */
describe('the mail corpus', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  const files = emlFiles(corpus).sort();

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('ingests or quarantines every message, with a reason for each quarantined one', async () => {
    expect(files.length).toBeGreaterThan(150);
    const mailbox = await createTestMailbox(testApp, dovecot, 'corpus');
    await dovecot.deliver('corpus', files.map((file) => readFileSync(file)));
    const result = await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
    expect(result.fetched).toBe(files.length);
    expect(result.processed + result.duplicates + result.quarantined).toBe(files.length);

    const { rows } = await testApp.database.pool.query<{ state: string; reason: string | null; count: number }>(
      `SELECT state, CASE WHEN state = 'duplicate' THEN 'same Message-ID and content as a message already stored' ELSE reason END AS reason, COUNT(*)::int AS count
       FROM raw_message WHERE mailbox_id = $1 GROUP BY 1, 2 ORDER BY state, count DESC`,
      [mailbox.id],
    );
    expect(rows.some((row) => row.state === 'pending')).toBe(false);
    for (const row of rows.filter((row) => row.state !== 'processed')) expect(row.reason).toBeTruthy();
    console.log(`corpus of ${files.length}: ${JSON.stringify(result)}\n${rows.map((row) => `  ${row.count} × ${row.state}${row.reason ? `: ${row.reason}` : ''}`).join('\n')}`);

    // Every processed message kept its words: the decoded text is stored, and flagged when bytes did not decode.
    const { rows: flagged } = await testApp.database.pool.query(`SELECT COUNT(*)::int AS count FROM message WHERE mailbox_id = $1 AND cardinality(decoding_issues) > 0`, [mailbox.id]);
    expect(flagged[0].count).toBeGreaterThan(0);
  });

  it('decodes RFC 2047 headers and non-UTF-8 charsets to UTF-8', async () => {
    const { rows } = await testApp.database.pool.query<{ subject: string }>(`SELECT subject FROM message`);
    const subjects = rows.map((row) => row.subject);
    expect(subjects.some((subject) => [...subject].some((character) => character.charCodeAt(0) > 127))).toBe(true);
    expect(subjects.some((subject) => /=\?[^?]+\?[bq]\?/i.test(subject))).toBe(false);
  });
});
