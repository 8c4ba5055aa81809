import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../api/src/database/data-source.js';
import { entities } from '../../api/src/entities.js';
import { runMigrations } from '../../api/src/database/migrate.js';
import { migrations } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = createDataSource(database.url, { poolSize: 2, entities });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const tables = async () =>
    (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
      (row: { table_name: string }) => row.table_name,
    );

  const pendingSchemaChanges = async () =>
    (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);

  it('apply to an empty database and create the foundation tables', async () => {
    const applied = await runMigrations(database.url);
    expect(applied).toEqual(migrations.map((migration) => migration.name));
    expect(await tables()).toEqual(expect.arrayContaining(['audit_event', 'migrations', 'person', 'session']));
  });

  it('leave nothing for TypeORM to generate: entities and migrations do not drift', async () => {
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('run twice without applying anything the second time', async () => {
    expect(await runMigrations(database.url)).toEqual([]);
  });

  it('apply once when several processes start at the same time', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    const results = await Promise.all([runMigrations(database.url), runMigrations(database.url), runMigrations(database.url)]);
    expect(results.flat()).toEqual([migrations.at(-1)!.name]);
  });

  it('revert the latest migration and re-apply it', async () => {
    const latest = migrations.at(-1)!.name;
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await dataSource.query('SELECT name FROM migrations')).not.toContainEqual({ name: latest });
    expect(await runMigrations(database.url)).toEqual([latest]);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('revert every migration down to an empty schema, then come back up', async () => {
    for (let index = 0; index < migrations.length; index += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['migrations']);
    expect(await runMigrations(database.url)).toHaveLength(migrations.length);
    expect(await pendingSchemaChanges()).toEqual([]);
  });

  it('keep audit_event append-only', async () => {
    await dataSource.query(`INSERT INTO audit_event (action) VALUES ('test.event')`);
    await expect(dataSource.query(`UPDATE audit_event SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
  });
});
