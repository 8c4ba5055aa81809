import { Logger } from '@nestjs/common';
import { createApp, logLevelsFor } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { type RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';

const logger = new Logger('Wholegrain');

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
    try {
      await app?.close();
    } finally {
      await embedded?.stop();
      logger.log('Stopped');
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
        log: (line) => pgLogger.debug(line),
        notice: (line) => pgLogger.log(line),
      });
      databaseUrl = embedded.url;
      logger.log(`Embedded PostgreSQL on 127.0.0.1:${embedded.port}, data in ${config.dataDir}`);
    } else {
      logger.log('Using the PostgreSQL server at DATABASE_URL');
    }
    await runMigrations(databaseUrl, (line) => logger.log(line));
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
