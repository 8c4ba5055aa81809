import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type RunningPostgres, startEmbeddedPostgres } from '../../api/src/database/embedded-postgres.js';
import { runMigrations } from '../../api/src/database/migrate.js';
import { databaseUrlFor } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a maintenance database on the test server, for CREATE DATABASE. */
    databaseAdminUrl: string;
    /** A database with every migration applied; each test file clones it. */
    templateDatabase: string;
  }
}

/**
 * Starts one PostgreSQL for the whole run (embedded, or the server at TEST_DATABASE_URL) and builds
 * a migrated template database that each test file clones in ~60 ms.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: RunningPostgres | null = null;
  let directory: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    directory = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-test-pg-'));
    embedded = await startEmbeddedPostgres({
      dataDir: directory,
      port: 0,
      database: 'postgres',
      // A throwaway cluster: durability buys nothing here.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    adminUrl = embedded.adminUrl;
  }

  const template = `wg_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(template)}`);
    await runMigrations(databaseUrlFor(adminUrl, template));
  } finally {
    await admin.end();
  }

  project.provide('databaseAdminUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
        template,
        `${template}_f%`,
      ]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await embedded?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  };
}
