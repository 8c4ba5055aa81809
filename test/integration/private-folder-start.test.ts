import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from '../../api/src/database/embedded-postgres.js';

/**
 * First start in a private folder, as `cd "$(mktemp -d)"` gives (mode 0700). As root PostgreSQL
 * runs as the postgres user, which cannot enter it: the product stops at once with one sentence
 * saying what to do, instead of initdb failing with EACCES; after that advice it starts.
 */
const created: string[] = [];
afterAll(async () => {
  for (const folder of created) await rm(folder, { recursive: true, force: true });
});

describe('embedded PostgreSQL in a private folder', () => {
  it('stops with one sentence naming the folder and the fix as root, and starts once the advice is followed', async () => {
    const privateFolder = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-private-'));
    created.push(privateFolder);
    await chmod(privateFolder, 0o700);
    const dataDir = path.join(privateFolder, '.wholegrain');
    const start = async () => startEmbeddedPostgres({ dataDir, port: await freePort() });

    if (process.getuid?.() === 0) {
      const started = Date.now();
      await expect(start()).rejects.toThrow(
        `PostgreSQL runs as the system user "postgres" when Wholegrain starts as root, and that user cannot enter ${privateFolder} (mode 0700): allow it with \`chmod o+x ${privateFolder}\`, set DATA_DIR to a folder outside it, or set DATABASE_URL to your own PostgreSQL.`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      await chmod(privateFolder, 0o701);
    }
    // Not root: postgres runs as this user, who owns the folder, so it starts as it is.
    const postgres = await start();
    try {
      expect(postgres.url).toMatch(/^postgres:\/\//);
    } finally {
      await postgres.stop();
    }
  });
});
