import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource } from './data-source.js';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrations, withMigrationLock } from './migrate.js';

/** `npm run migration:run|revert|show` against DATABASE_URL or the embedded PostgreSQL. Returns an exit code. */
export async function migrationCommand(command: 'run' | 'revert' | 'show'): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    throw error;
  }
  let embedded: RunningPostgres | null = null;
  try {
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, notice: (line) => console.log(line) });
      url = embedded.url;
    }
    if (command === 'run') {
      const applied = await runMigrations(url, (line) => console.log(line));
      if (applied.length === 0) console.log('No pending migrations.');
      return 0;
    }
    const dataSource = createDataSource(url, { poolSize: 2, applicationName: 'wholegrain-migrate' });
    await dataSource.initialize();
    try {
      if (command === 'revert') {
        await withMigrationLock(dataSource, () => dataSource.undoLastMigration({ transaction: 'each' }));
        console.log('Reverted the latest migration.');
      } else {
        const [{ exists }] = await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
        const rows: { name: string }[] = exists ? await dataSource.query('SELECT name FROM migrations') : [];
        const applied = new Set(rows.map((row) => row.name));
        for (const migration of dataSource.migrations) console.log(`${applied.has(migration.name ?? '') ? '[x]' : '[ ]'} ${migration.name}`);
      }
      return 0;
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await embedded?.stop();
  }
}
