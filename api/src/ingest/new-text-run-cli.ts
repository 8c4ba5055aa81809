import { ConfigError, loadConfig } from '../config/config.js';
import { createDataSource } from '../database/data-source.js';
import { type RunningPostgres, startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { runMigrations } from '../database/migrate.js';
import { TransactionRunner } from '../database/transaction.js';
import { Person } from '../people/person.entity.js';
import { NewTextRun } from './new-text-run.entity.js';
import { NewTextRunRepository } from './new-text-run.repository.js';
import { NewTextRunService } from './new-text-run.service.js';

/**
 * `npm run reprocess:new-text`: re-computes the new-words span of every stored customer message
 * against DATABASE_URL or the embedded PostgreSQL, printing progress per batch. The script passes
 * the environment in (config.ts validates it). Returns an exit code.
 */
export async function reprocessNewTextCommand(env: Record<string, string | undefined>, log: (line: string) => void = (line) => console.log(line)): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
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
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, notice: log });
      url = embedded.url;
    }
    await runMigrations(url, log);
    const dataSource = createDataSource(url, { poolSize: 2, applicationName: 'wholegrain-reprocess-new-text', entities: [NewTextRun, Person] });
    await dataSource.initialize();
    try {
      const transactions = new TransactionRunner(dataSource);
      const service = new NewTextRunService(new NewTextRunRepository(transactions), transactions);
      const started = performance.now();
      const run = await service.startAndWait(null, (progress) => {
        const seconds = (performance.now() - started) / 1000;
        log(
          `${progress.processed} / ${progress.total} messages, ${progress.changed} changed, ${progress.quotesFlagged} quotes flagged, ` +
            `${Math.round(progress.processed / Math.max(seconds, 0.001))} messages/s`,
        );
      });
      log(`Done: ${run.processed} messages in ${((performance.now() - started) / 1000).toFixed(1)} s, ${run.changed} changed, ${run.quotesFlagged} quotes flagged.`);
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
