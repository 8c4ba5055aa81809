import { Logger } from '@nestjs/common';
import { createApp, logLevelsFor } from './app.js';
import { settlesWithin } from './common/settles-within.js';
import { ConfigError, loadConfig } from './config/config.js';
import { type RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';

const logger = new Logger('Wholegrain');
/** Stopping takes under 2 s whatever is open: people at a terminal expect it, `docker stop` kills after 10 s. */
const CUT_CONNECTIONS_AFTER_MS = 800;
const CLOSE_DEADLINE_MS = 1_500;

async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Before anything logs: Postgres start-up lines are debug and stay hidden at the default level.
  Logger.overrideLogger(logLevelsFor(config));

  let embedded: RunningPostgres | null = null;
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.log(`${signal} received, shutting down`);
    const started = performance.now();
    // Event streams are ended with a retry hint and background work is handed back by the app's
    // shutdown hooks; a request still running after this is cut off so the process stops in time.
    const cutConnections = setTimeout(() => app?.getHttpServer().closeAllConnections(), CUT_CONNECTIONS_AFTER_MS);
    // Flush PostgreSQL's dirty pages while the app closes, so its shutdown checkpoint is quick.
    const flushing = embedded?.checkpoint().catch(() => undefined);
    try {
      if (app && (await settlesWithin(app.close(), CLOSE_DEADLINE_MS)) === 'timeout') {
        logger.warn(`The app did not finish closing within ${CLOSE_DEADLINE_MS} ms; stopping anyway (unfinished transactions roll back)`);
      }
    } catch (error) {
      logger.error(`Shutdown: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(cutConnections);
      if (flushing) await settlesWithin(flushing, Math.max(0, CLOSE_DEADLINE_MS - (performance.now() - started)));
      await embedded?.stop();
      logger.log(`Stopped in ${Math.round(performance.now() - started)} ms`);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pgLogger = new Logger('Postgres');
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        // Checkpoints every minute keep what a stop has to flush small (the default is 5 minutes).
        settings: { checkpoint_timeout: '60s' },
        log: (line) => pgLogger.debug(line),
        notice: (line) => pgLogger.log(line),
      });
      databaseUrl = embedded.url;
      logger.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.dataDir}`);
    } else {
      logger.log('Using the PostgreSQL server at DATABASE_URL');
    }
    const applied = await runMigrations(databaseUrl, (line) => logger.log(line));
    // A new schema leaves ~1,000 dirty pages: write them now, in the background, not at the first stop.
    if (embedded && applied.length > 0) void embedded.checkpoint().catch(() => undefined);
    if (shuttingDown) return;
    app = await createApp({ config, databaseUrl });
    await app.listen(config.port, config.host);
    const address = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    logger.log(`Wholegrain is ready at ${address} (started in ${Math.round(performance.now() - started)} ms)`);
  } catch (error) {
    logger.error(error instanceof Error ? error.message : String(error));
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
}

void main();
