import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { type Config, ConfigError, loadConfig } from '../config/config.js';
import { BACKUP_WARNING } from './backup-file.js';
import { restoreBackup, writeBackup } from './backup.js';
import { runningEmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

// Messages go to stderr: with FILE "-" the backup itself is on stdout.
const say = (line: string) => process.stderr.write(`${line}\n`);

function readConfig(env: Record<string, string | undefined>): Config | number {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    throw error;
  }
}

/** DATABASE_URL, else the embedded PostgreSQL a running Wholegrain serves, else one started for this command. */
async function openDatabase(config: Config): Promise<{ url: string; close: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => undefined };
  const running = await runningEmbeddedPostgres(config.dataDir);
  if (running) return { url: running.url, close: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, notice: say });
  return { url: embedded.url, close: () => embedded.stop() };
}

const secretKeyFile = (config: Config) => path.join(config.dataDir, 'secret.key');

async function currentSecretKey(config: Config): Promise<Buffer | null> {
  if (config.secretKey) return config.secretKey;
  try {
    return Buffer.from((await readFile(secretKeyFile(config), 'utf8')).trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `npm run backup [FILE]`: one file with the whole database and the mailbox-secret key. Returns an exit code. */
export async function backupCommand(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const config = readConfig(env);
  if (typeof config === 'number') return config;
  // By default beside the data (DATA_DIR/backups, a volume in Docker); copy it somewhere else from there.
  const target = args[0] ?? path.join(config.dataDir, 'backups', `wholegrain-backup-${new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}.wgbackup`);
  const toStdout = target === '-';
  const started = performance.now();
  let database: { url: string; close: () => Promise<void> } | null = null;
  let output: Writable | null = null;
  try {
    database = await openDatabase(config);
    if (!toStdout) await mkdir(path.dirname(path.resolve(target)), { recursive: true, mode: 0o700 });
    // Readable by its owner only, and never over an older backup.
    output = toStdout ? process.stdout : createWriteStream(target, { mode: 0o600, flags: 'wx' });
    if (!toStdout) await new Promise((resolve, reject) => output!.once('open', resolve).once('error', reject));
    const { tables, header } = await writeBackup(database.url, output, await currentSecretKey(config));
    const rows = tables.reduce((sum, table) => sum + table.rows, 0);
    const size = toStdout ? '' : `, ${Math.ceil((await stat(target)).size / 1024)} KB`;
    say(`Backed up ${tables.length} tables, ${rows} rows (${header.migrations.length} migrations) to ${toStdout ? 'standard output' : target}${size} in ${Math.round(performance.now() - started)} ms.`);
    say(`WARNING: ${BACKUP_WARNING}`);
    if (!header.secretKey) say('No mailbox-secret key was found (no SECRET_KEY, no secret.key in DATA_DIR): mailbox passwords, if any, will have to be entered again after a restore.');
    return 0;
  } catch (error) {
    say(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    if (output && !toStdout) await rm(target, { force: true });
    return 1;
  } finally {
    await database?.close();
  }
}

/** `npm run restore FILE`: into an empty database (DATABASE_URL) or an empty data directory. Returns an exit code. */
export async function restoreCommand(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const config = readConfig(env);
  if (typeof config === 'number') return config;
  const file = args[0];
  if (!file) {
    say('Usage: npm run restore FILE   (FILE from npm run backup; "-" reads standard input)');
    return 2;
  }
  if (file !== '-' && !existsSync(file)) {
    say(`No such file: ${file}`);
    return 2;
  }
  const started = performance.now();
  let database: { url: string; close: () => Promise<void> } | null = null;
  try {
    database = await openDatabase(config);
    const input: Readable = file === '-' ? process.stdin : createReadStream(file);
    const { header, tables } = await restoreBackup(database.url, input, say, async (header) => {
      // Mailbox passwords stay sealed under the backup's key: this installation must use the same one.
      if (!header.secretKey) return;
      const key = Buffer.from(header.secretKey, 'base64');
      if (config.secretKey) {
        if (!config.secretKey.equals(key)) throw new Error('SECRET_KEY differs from the key in the backup; set SECRET_KEY to the backup\'s key (or unset it) and restore again.');
        return;
      }
      const existing = await currentSecretKey(config);
      if (existing && !existing.equals(key)) throw new Error(`${secretKeyFile(config)} holds another key; restore into an empty data directory.`);
      if (!existing) {
        await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
        await writeFile(secretKeyFile(config), `${header.secretKey}\n`, { mode: 0o600, flag: 'wx' });
      }
    });
    const rows = tables.reduce((sum, table) => sum + table.rows, 0);
    say(`Restored ${tables.length} tables, ${rows} rows from a backup of ${header.createdAt} in ${Math.round(performance.now() - started)} ms. Start Wholegrain as usual (npm start).`);
    return 0;
  } catch (error) {
    say(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}
