import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { migrations as knownMigrations } from '../../../migrations/index.js';
import { BackupReader, type BackupHeader, BackupWriter } from './backup-file.js';
import { dataSourceOptions } from './data-source.js';
import { withMigrationLock } from './migrate.js';

const MIGRATIONS_TABLE = 'migrations';
/** Summaries that triggers derive from other tables as their rows are copied back: not backed up, rebuilt on restore. */
const DERIVED_TABLES = ['customer_wait', 'handled_event'];

export interface TableCount {
  name: string;
  rows: number;
}

/** A quoted identifier; names come from the catalog, never from a user. */
function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The application's tables (schema public, without TypeORM's migrations table and the derived
 * summaries), parents before children so rows can be copied back in that order with foreign keys
 * checked as they arrive.
 */
async function listTables(client: pg.ClientBase): Promise<{ name: string; columns: string[] }[]> {
  const { rows: tables } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> $1 AND NOT (c.relname = ANY($2::text[]))
     GROUP BY c.relname ORDER BY c.relname`,
    [MIGRATIONS_TABLE, DERIVED_TABLES],
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT child.relname AS child, parent.relname AS parent
     FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = child.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND child.oid <> parent.oid`,
  );
  const parents = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const reference of references) parents.get(reference.child)?.add(reference.parent);
  const ordered: { name: string; columns: string[] }[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((table) => !placed.has(table.name) && [...parents.get(table.name)!].every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle between ${tables.filter((table) => !placed.has(table.name)).map((table) => table.name).join(', ')}`);
    for (const table of ready) {
      ordered.push(table);
      placed.add(table.name);
    }
  }
  return ordered;
}

/**
 * Writes a consistent backup of the database at `databaseUrl` to `output`: one REPEATABLE READ
 * snapshot, so it can run while Wholegrain serves people and syncs mail.
 */
export async function writeBackup(databaseUrl: string, output: Writable, secretKey: Buffer | null): Promise<{ tables: TableCount[]; header: BackupHeader }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'wholegrain-backup' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: schema } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [MIGRATIONS_TABLE]);
    if (!schema[0]!.exists) throw new Error('This database has no Wholegrain tables yet (it was never started): nothing to back up.');
    const { rows: applied } = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
    const tables = await listTables(client);
    // Read after the snapshot is taken: every id visible in it was drawn before, so these are never behind.
    const { rows: sequences } = await client.query<{ name: string; lastValue: string | null }>(
      `SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
    );
    const { rows: version } = await client.query<{ server_version: string }>('SHOW server_version');
    const header: BackupHeader = {
      format: 1,
      createdAt: new Date().toISOString(),
      postgresVersion: version[0]!.server_version,
      migrations: applied.map((row) => row.name),
      secretKey: secretKey ? secretKey.toString('base64') : null,
      tables,
      sequences,
    };
    const writer = new BackupWriter(output, header);
    const counts: TableCount[] = [];
    for (const table of tables) {
      const stream = client.query(copyTo(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) TO STDOUT`));
      await writer.table(stream);
      counts.push({ name: table.name, rows: Number((stream as unknown as { rowCount?: number }).rowCount ?? 0) });
    }
    await client.query('COMMIT');
    await writer.finish(output);
    return { tables: counts, header };
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty database: applies the migrations the backup was taken at (so the
 * rows meet the schema they came from), copies every table back in one transaction, and puts each
 * sequence where it was. Later migrations are applied by the next start as usual.
 */
export async function restoreBackup(
  databaseUrl: string,
  input: Readable,
  log: (line: string) => void,
  /** Called with the header before anything is written (e.g. to check the secret key); may throw to stop. */
  accept: (header: BackupHeader) => Promise<void> = async () => undefined,
): Promise<{ header: BackupHeader; tables: TableCount[] }> {
  const { reader, header } = await BackupReader.open(input);
  const known = knownMigrations.map((migration) => migration.name);
  const unknown = header.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`This backup comes from a newer Wholegrain (it has migrations ${unknown.join(', ')}); upgrade this installation first.`);
  }
  await assertEmpty(databaseUrl, header);
  await accept(header);

  // The schema the backup was taken at, no later.
  const upTo = knownMigrations.filter((migration) => header.migrations.includes(migration.name));
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, { poolSize: 2, applicationName: 'wholegrain-restore' }), migrations: upTo });
  await dataSource.initialize();
  try {
    await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await dataSource.destroy();
  }

  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'wholegrain-restore' });
  await client.connect();
  const counts: TableCount[] = [];
  try {
    await client.query('BEGIN');
    // Counters kept by triggers (conversation_count) are copied as backed up: their triggers stand aside meanwhile.
    await client.query(`SET LOCAL wholegrain.restoring = 'on'`);
    // Rows a migration may have seeded are replaced by the backup's; derived summaries (customer_wait, handled_event) are not
    // in the backup: they are emptied with the rest and rebuilt by their triggers as the messages are copied back.
    const { rows: derived } = await client.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1::text[])`, [DERIVED_TABLES]);
    await client.query(`TRUNCATE ${[...header.tables.map((table) => table.name), ...derived.map((table) => table.name)].map(ident).join(', ')}`);
    for (const table of header.tables) {
      const stream = client.query(copyFrom(`COPY ${ident(table.name)} (${table.columns.map(ident).join(', ')}) FROM STDIN`));
      await pipeline(reader.table(), stream);
      const rows = Number((stream as unknown as { rowCount?: number }).rowCount ?? 0);
      counts.push({ name: table.name, rows });
      if (rows > 0) log(`  ${table.name}: ${rows} row(s)`);
    }
    for (const sequence of header.sequences) {
      if (sequence.lastValue === null) await client.query('SELECT setval($1::regclass, 1, false)', [ident(sequence.name)]);
      else await client.query('SELECT setval($1::regclass, $2::bigint, true)', [ident(sequence.name), sequence.lastValue]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { header, tables: counts };
}

/**
 * Restore never mixes a backup into live data: the database must have no application rows, and no
 * migration the backup lacks (its data changes would be missing from the restored rows).
 */
async function assertEmpty(databaseUrl: string, header: BackupHeader): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'wholegrain-restore' });
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [MIGRATIONS_TABLE]);
    if (exists[0]!.exists) {
      const { rows: applied } = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      const newer = applied.map((row) => row.name).filter((name) => !header.migrations.includes(name));
      if (newer.length > 0) {
        throw new Error(`The database already has migrations the backup predates (${newer.join(', ')}). Restore into a new, empty database; the next start applies them.`);
      }
    }
    const tables = await listTables(client);
    for (const table of tables) {
      const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(table.name)}) AS any`);
      if (rows[0]!.any) {
        throw new Error(`The database is not empty (table ${table.name} has rows). Restore into a new, empty database or data directory.`);
      }
    }
  } finally {
    await client.end();
  }
}
