import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source.js';

// Any constant works; it only has to be the same in every Wholegrain process.
const MIGRATION_LOCK_KEY = 7_261_950_301;

/**
 * Applies pending migrations under a Postgres advisory lock, so several processes starting at
 * once apply each migration exactly once; the others wait, then find nothing left to do.
 */
export async function runMigrations(databaseUrl: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'wholegrain-migrate' });
  await dataSource.initialize();
  try {
    return await withMigrationLock(dataSource, async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      // A new database applies every migration: one line says so, instead of one line each.
      if (applied.length > 3) log(`Applied ${applied.length} migrations, ${applied[0]!.name} … ${applied.at(-1)!.name}`);
      else for (const migration of applied) log(`Applied migration ${migration.name}`);
      return applied.map((migration) => migration.name);
    });
  } finally {
    await dataSource.destroy();
  }
}

export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
