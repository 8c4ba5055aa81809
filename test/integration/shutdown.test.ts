import http from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { FOUNDER } from '../harness/api-client.js';
import { assertBuilt, isAlive, runProduct, waitForOutput } from '../harness/product-process.js';

const STREAMS = 50;

interface OpenStream {
  /** Everything the server sent on this stream. */
  received: () => string;
  /** Resolves once the server ended the stream: 'end' when it finished it properly, 'aborted' when the connection was cut. */
  ended: Promise<'end' | 'aborted'>;
}

/** One browser tab's `new EventSource('/api/events')`, as a plain HTTP request that stays open. */
function openStream(baseUrl: string, cookie: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`GET /api/events answered ${response.statusCode}`));
      let received = '';
      const ended = new Promise<'end' | 'aborted'>((settle) => {
        response.on('end', () => settle('end'));
        response.on('aborted', () => settle('aborted'));
        response.on('error', () => settle('aborted'));
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        received += chunk;
      });
      // The stream counts as open once its first bytes (the default retry) arrived.
      response.once('data', () => resolve({ received: () => received, ended }));
    });
    request.on('error', reject);
  });
}

/**
 * Ctrl-C (SIGINT) and `docker stop` (SIGTERM) stop the product within 2 s however many browser tabs
 * hold a live-updates stream open: each stream is ended with a retry hint (EventSource reconnects by
 * itself), and the embedded PostgreSQL is stopped cleanly.
 */
describe('stopping the product with open event streams', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let baseUrl: string;

  beforeAll(async () => {
    assertBuilt();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-shutdown-'));
    const port = await freePort();
    env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_POSTGRES_PORT: String(await freePort()) };
    baseUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const postmasterPid = () => Number.parseInt(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]!, 10);

  async function signedInCookie(): Promise<string> {
    const setup = await fetch(`${baseUrl}/api/setup`);
    const needsSetup = ((await setup.json()) as { needsSetup: boolean }).needsSetup;
    const response = needsSetup
      ? await fetch(`${baseUrl}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(FOUNDER) })
      : await fetch(`${baseUrl}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: FOUNDER.email, password: FOUNDER.password }),
        });
    expect(response.status).toBeLessThan(300);
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  }

  it.each(['SIGINT', 'SIGTERM'] as const)(`stops within 2 s on %s with ${STREAMS} event streams open`, async (signal) => {
    const product = runProduct(env);
    await waitForOutput(product, /Wholegrain is ready/);
    const postmaster = postmasterPid();
    const cookie = await signedInCookie();
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => openStream(baseUrl, cookie)));

    const started = performance.now();
    product.child.kill(signal);
    const exit = await product.exited;
    const elapsed = performance.now() - started;
    console.log(`${signal} with ${STREAMS} open event streams: exited in ${Math.round(elapsed)} ms`);

    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeLessThanOrEqual(2_000);
    expect(isAlive(postmaster)).toBe(false);
    // Every tab was told to come back in a second, and its stream was finished, not cut.
    const endings = await Promise.all(streams.map((stream) => stream.ended));
    expect(endings.filter((ending) => ending === 'end')).toHaveLength(STREAMS);
    for (const stream of streams) expect(stream.received()).toMatch(/retry: 1000\n\n$/);
    expect(product.output()).toMatch(new RegExp(`${signal} received, shutting down`));
    expect(product.output()).not.toMatch(/did not finish closing/);
  });

  it('starts again afterwards without recovering the database from a crash', async () => {
    const product = runProduct({ ...env, LOG_LEVEL: 'debug' });
    await waitForOutput(product, /Wholegrain is ready/);
    product.child.kill('SIGINT');
    expect((await product.exited).code).toBe(0);
    expect(product.output()).toMatch(/database system was shut down at/);
    expect(product.output()).not.toMatch(/not properly shut down|automatic recovery/);
  });
});
