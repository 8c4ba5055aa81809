import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { assertBuilt, projectRoot, runProduct, waitForOutput } from '../harness/product-process.js';

/** `npm run backup|restore …` as a person runs it (scripts/backup.mjs on the built product). */
function runScript(command: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts/backup.mjs'), command, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Every table (and sequence) of a database, as a row count and a digest of all its rows. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; digest: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const result: Record<string, { rows: number; digest: string }> = {};
    for (const { name } of tables) {
      const table = client.escapeIdentifier(name);
      const columns = name === 'migrations' ? 'name' : 't::text';
      const { rows } = await client.query<{ rows: number; digest: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(${columns}, E'\\n' ORDER BY ${columns}), '')) AS digest FROM ${table} t`,
      );
      result[name] = rows[0]!;
    }
    const { rows: sequences } = await client.query<{ name: string; last: string | null }>(`SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'`);
    for (const sequence of sequences) result[`sequence ${sequence.name}`] = { rows: 0, digest: sequence.last ?? 'unused' };
    return result;
  } finally {
    await client.end();
  }
}

// Real mail with attachments, HTML and other charsets: bytea, arrays, JSON and search vectors in the rows.
const corpusDirs = ['attachment_emails', 'multi_charset'].map((name) => path.join(projectRoot, 'test/fixtures/corpus/mikel-mail', name));

describe('npm run backup and npm run restore with DATABASE_URL', () => {
  let dovecot: Dovecot;
  let source: TestApp;
  let target: TestDatabase;
  let workDir: string;
  const secretKey = randomBytes(32);

  beforeAll(async () => {
    assertBuilt();
    [dovecot, source] = await Promise.all([startDovecot(), startTestApp({ config: { secretKey } })]);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-backup-'));
    // A populated instance: people, a mailbox with a sealed password, real mail (attachments, HTML), notes, a queued reply.
    const client = new ApiClient(source.baseUrl);
    expect((await client.setup(FOUNDER)).status).toBe(201);
    const mailbox = await createTestMailbox(source, dovecot, 'backup');
    const corpus = corpusDirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.endsWith('.eml') && statSync(path.join(dir, name)).size < 200_000)
        .map((name) => readFileSync(path.join(dir, name))),
    );
    await dovecot.deliver('backup', [
      buildInboundEmail({ from: 'Bruno Lima <bruno@bigcorp.example>', subject: 'Exports', body: 'The CSV export skips every second row.' }),
      buildInboundEmail({ from: 'Chen Wei <chen@startup.example>', subject: 'Calendar', body: 'Calendar sync duplicates my events. 同步日历时事件重复。\\ and a tab\there' }),
      ...corpus,
    ]);
    await source.app.get(MailboxSyncService).syncNow(mailbox.id);
    const list = (await client.get('/api/conversations?view=all')).body as { items: { id: string; version: number }[] };
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    const [first] = list.items;
    expect((await client.post(`/api/conversations/${first!.id}/notes`, { text: 'Checked with the export team.' })).status).toBe(201);
    const { version } = (await client.get(`/api/conversations/${first!.id}`)).body as { version: number };
    expect((await client.post(`/api/conversations/${first!.id}/replies`, { text: "Fixed in **today's** release.", seenVersion: version })).status).toBe(201);
    target = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await source?.close();
    await target?.drop();
    await dovecot?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('backs up a populated instance into one file and restores it into an empty database, table for table', async () => {
    const file = path.join(workDir, 'wholegrain.wgbackup');
    const started = Date.now();
    const backup = await runScript('backup', [file], { DATABASE_URL: source.database.url, SECRET_KEY: secretKey.toString('base64'), LOG_LEVEL: 'error' });
    const backupMs = Date.now() - started;
    expect(backup.output).toMatch(/Backed up \d+ tables/);
    expect(backup.code).toBe(0);
    expect(backup.output).toMatch(/WARNING: .*store it like a password/);
    expect(backup.output).not.toContain(secretKey.toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The first line tells anyone who opens the file what it is.
    expect((await readFile(file)).subarray(0, 200).toString('utf8')).toMatch(/^WHOLEGRAIN BACKUP 1 — .*mailbox passwords/);

    const dataDir = path.join(workDir, 'restored-data');
    const restoreStarted = Date.now();
    const restore = await runScript('restore', [file], { DATABASE_URL: target.url, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const restoreMs = Date.now() - restoreStarted;
    expect(restore.output).toMatch(/Restored \d+ tables/);
    expect(restore.code).toBe(0);

    const before = await fingerprint(source.database.url);
    const after = await fingerprint(target.url);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(after).toEqual(before);
    const rows = Object.values(before).reduce((sum, table) => sum + table.rows, 0);
    console.log(`backup round trip: ${Object.keys(before).length} tables and sequences, ${rows} rows, ${statSync(file).size} bytes; backup ${backupMs} ms, restore ${restoreMs} ms`);
    // The key that seals mailbox passwords came along, into the new data directory.
    expect((await readFile(path.join(dataDir, 'secret.key'), 'utf8')).trim()).toBe(secretKey.toString('base64'));
  }, 120_000);

  it('gives a restored installation working mailboxes: their sealed passwords open with the restored key', async () => {
    const key = Buffer.from((await readFile(path.join(workDir, 'restored-data', 'secret.key'), 'utf8')).trim(), 'base64');
    const restored = await createApp({ config: { ...source.config, secretKey: key }, databaseUrl: target.url });
    try {
      const { rows } = await target.pool.query<{ id: string }>('SELECT id::text FROM mailbox');
      await dovecot.deliver('backup', [buildInboundEmail({ from: 'Dana <dana@bigcorp.example>', subject: 'After the restore', body: 'Still there?' })]);
      expect(await restored.get(MailboxSyncService).syncNow(rows[0]!.id)).toMatchObject({ fetched: 1, processed: 1 });
    } finally {
      await restored.close();
    }
  });

  it('refuses to restore into a database that has data, and leaves it as it was', async () => {
    const before = await fingerprint(target.url);
    const restore = await runScript('restore', [path.join(workDir, 'wholegrain.wgbackup')], { DATABASE_URL: target.url, DATA_DIR: path.join(workDir, 'restored-data'), LOG_LEVEL: 'error' });
    expect(restore.code).toBe(1);
    expect(restore.output).toMatch(/not empty|already has migrations/);
    expect(await fingerprint(target.url)).toEqual(before);
  }, 60_000);

  it('refuses a file that is not a backup, or one cut short', async () => {
    const notBackup = path.join(workDir, 'notes.txt');
    await writeFile(notBackup, 'hello\n');
    const empty = await createTestDatabase({ empty: true });
    try {
      expect((await runScript('restore', [notBackup], { DATABASE_URL: empty.url, DATA_DIR: path.join(workDir, 'x') })).output).toMatch(/not a Wholegrain backup/);
      const whole = await readFile(path.join(workDir, 'wholegrain.wgbackup'));
      const cut = path.join(workDir, 'cut.wgbackup');
      await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
      const restore = await runScript('restore', [cut], { DATABASE_URL: empty.url, DATA_DIR: path.join(workDir, 'y') });
      expect(restore.code).toBe(1);
      // Nothing half-restored: the copy is one transaction.
      const { rows } = await empty.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM person');
      expect(rows[0]!.count).toBe(0);
    } finally {
      await empty.drop();
    }
  }, 60_000);
});

describe('npm run backup and npm run restore with the embedded PostgreSQL', () => {
  it('backs up a running instance and restores it into an empty data directory that then starts with the same accounts', async () => {
    assertBuilt();
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-backup-embedded-'));
    // As root the embedded PostgreSQL runs as the postgres user, which must reach the data directories inside.
    await chmod(workDir, 0o711);
    const file = path.join(workDir, 'embedded.wgbackup');
    try {
      const port = await freePort();
      const original = { DATA_DIR: path.join(workDir, 'original'), PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()) };
      const product = runProduct(original);
      try {
        await waitForOutput(product, /Wholegrain is ready/);
        expect((await new ApiClient(`http://127.0.0.1:${port}`).setup(FOUNDER)).status).toBe(201);
        // While it runs: the backup uses its PostgreSQL instead of starting another.
        const backup = await runScript('backup', [file], { DATA_DIR: original.DATA_DIR, LOG_LEVEL: 'error' });
        expect(backup.output).toMatch(/Backed up/);
        expect(backup.code).toBe(0);
      } finally {
        product.child.kill('SIGINT');
        await product.exited;
      }

      const restoredDir = path.join(workDir, 'restored');
      const restore = await runScript('restore', [file], { DATA_DIR: restoredDir, EMBEDDED_POSTGRES_PORT: String(await freePort()), LOG_LEVEL: 'error' });
      expect(restore.output).toMatch(/Restored/);
      expect(restore.code).toBe(0);
      expect(readFileSync(path.join(restoredDir, 'secret.key'), 'utf8')).toBe(readFileSync(path.join(original.DATA_DIR, 'secret.key'), 'utf8'));

      const restoredPort = await freePort();
      const restored = runProduct({ DATA_DIR: restoredDir, PORT: String(restoredPort), EMBEDDED_POSTGRES_PORT: String(await freePort()) });
      try {
        await waitForOutput(restored, /Wholegrain is ready/);
        expect(await (await fetch(`http://127.0.0.1:${restoredPort}/api/setup`)).json()).toEqual({ needsSetup: false });
        expect((await new ApiClient(`http://127.0.0.1:${restoredPort}`).signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
      } finally {
        restored.child.kill('SIGINT');
        await restored.exited;
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }, 180_000);
});
