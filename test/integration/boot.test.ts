import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { createTestDatabase } from '../harness/database.js';
import { assertBuilt, isAlive, runProduct, waitForOutput } from '../harness/product-process.js';

/**
 * The product as `npm start` runs it: embedded PostgreSQL with data that survives restarts,
 * migrations at boot, API and web on one port, clean shutdown on Ctrl-C (SIGINT).
 */
describe('npm start with the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let baseUrl: string;

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-boot-'));
    const port = await freePort();
    env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()) };
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = () => Number.parseInt(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);

  it('starts on a fresh data directory, serving the web app and the API on one port', async () => {
    const started = Date.now();
    const product = runProduct(env);
    await waitForOutput(product, /Wholegrain is ready at http:\/\/127\.0\.0\.1:\d+/);
    console.log(`cold start (initdb + migrations + boot): ${Date.now() - started} ms`);
    try {
      const page = await fetch(`${baseUrl}/people`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

      const health = await fetch(`${baseUrl}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });

      expect((await new ApiClient(baseUrl).setup(FOUNDER)).status).toBe(201);
      // A fresh database applies every migration, said in one line (not one per migration, nor one per route).
      expect(product.output()).toMatch(/Applied \d+ migrations, CreatePerson\d+ … \w+\d+/);
      expect(product.output()).not.toMatch(/Applied migration|RouterExplorer|InstanceLoader/);
      // Secrets stay out of the logs.
      expect(product.output()).not.toContain(FOUNDER.password);
      expect(product.output()).not.toContain(readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim());
    } finally {
      product.child.kill('SIGINT');
    }
    const pid = postmasterPid();
    expect(await product.exited).toEqual({ code: 0, signal: null });
    expect(isAlive(pid)).toBe(false);
  });

  it('reuses the data on the next start and stops cleanly on SIGTERM too', async () => {
    const started = Date.now();
    const product = runProduct(env);
    await waitForOutput(product, /Wholegrain is ready/);
    console.log(`warm start: ${Date.now() - started} ms`);
    try {
      expect(await (await fetch(`${baseUrl}/api/setup`)).json()).toEqual({ needsSetup: false });
      expect((await new ApiClient(baseUrl).signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
      expect(product.output()).not.toMatch(/Applied/);
    } finally {
      product.child.kill('SIGTERM');
    }
    const pid = postmasterPid();
    expect((await product.exited).code).toBe(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('recovers when the previous run was killed with SIGKILL and left PostgreSQL running', async () => {
    const first = runProduct(env);
    await waitForOutput(first, /Wholegrain is ready/);
    const orphan = postmasterPid();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    const second = runProduct(env);
    try {
      await waitForOutput(second, /Wholegrain is ready/);
      expect(second.output()).toMatch(/left running by a previous run/);
      expect(isAlive(orphan)).toBe(false);
      expect(await (await fetch(`${baseUrl}/api/setup`)).json()).toEqual({ needsSetup: false });
    } finally {
      second.child.kill('SIGINT');
    }
    expect((await second.exited).code).toBe(0);
  });

  it('refuses to start with bad configuration, naming every bad variable at once', async () => {
    const product = runProduct({ ...env, PORT: 'eighty', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://nope' });
    expect((await product.exited).code).toBe(78);
    expect(product.output()).toMatch(/PORT must be a number/);
    expect(product.output()).toMatch(/LOG_LEVEL/);
    expect(product.output()).toMatch(/DATABASE_URL must be a postgres/);
  });
});

describe('npm start with DATABASE_URL', () => {
  it('uses that PostgreSQL server, migrates it, and starts no embedded one', async () => {
    assertBuilt();
    const database = await createTestDatabase({ empty: true });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-boot-external-'));
    const port = await freePort();
    const product = runProduct({ DATABASE_URL: database.url, DATA_DIR: dataDir, PORT: String(port) });
    try {
      await waitForOutput(product, /Wholegrain is ready/);
      expect(product.output()).toMatch(/Using the PostgreSQL server at DATABASE_URL/);
      expect(product.output()).not.toContain(new URL(database.url).password);
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
      expect((await new ApiClient(`http://127.0.0.1:${port}`).setup(FOUNDER)).status).toBe(201);
      const { rows } = await database.pool.query('SELECT email FROM person');
      expect(rows).toEqual([{ email: FOUNDER.email }]);
    } finally {
      product.child.kill('SIGINT');
      await product.exited;
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
