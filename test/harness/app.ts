import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../api/src/app.js';
import type { Clock } from '../../api/src/common/clock.js';
import { type Config, loadConfig } from '../../api/src/config/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The real API on a random port against its own fresh database. */
/** `port`: listen there instead of a random port (when PUBLIC_URL must name it before the start). */
export async function startTestApp(options: { config?: Partial<Config>; clock?: Clock; port?: number } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'error', UNDO_SEND_SECONDS: '0' }), port: 0, secretKey: randomBytes(32), backgroundJobs: false, ...options.config };
  const app = await createApp({ config, databaseUrl: database.url, ...(options.clock ? { clock: options.clock } : {}) });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    config,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
