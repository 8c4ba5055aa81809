import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import type { TestApp } from '../harness/app.js';
import { PRODUCT_NODE_FLAGS, runProduct, waitForOutput } from '../harness/product-process.js';

export interface BenchProduct {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The built product as its own process, with `npm start`'s flags, on a test app's database (seeded
 * through the test app, which shares its key for mailbox secrets). What people run: a server
 * process of its own, not one sharing its thread with the benchmark's client and the browser driver.
 */
export async function startBenchProduct(testApp: TestApp, env: Record<string, string> = {}): Promise<BenchProduct> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-bench-'));
  const product = runProduct(
    {
      DATABASE_URL: testApp.database.url,
      SECRET_KEY: testApp.config.secretKey!.toString('base64'),
      DATA_DIR: dataDir,
      PORT: String(port),
      ...env,
    },
    PRODUCT_NODE_FLAGS,
  );
  await waitForOutput(product, /Wholegrain is ready/).catch((error: unknown) => {
    product.child.kill('SIGKILL');
    throw error;
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (product.child.exitCode === null && product.child.signalCode === null) product.child.kill('SIGTERM');
      await product.exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * GET over one kept-alive connection, as a browser tab asks: the client's own cost stays small
 * (Node's fetch adds about a millisecond a request, more than the page's SQL) so the figure is the server's.
 */
export function keepAliveGetter(baseUrl: string, cookie: string): (path: string) => Promise<{ status: number; body: any }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (path) =>
    new Promise((resolve, reject) => {
      const request = http.get(`${baseUrl}${path}`, { agent, headers: { cookie } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: response.headers['content-type']?.includes('json') && text ? JSON.parse(text) : text });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
    });
}
