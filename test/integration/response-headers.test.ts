import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app.js';

/** A request with any Host header (fetch will not send a Host other than the URL's). */
function get(baseUrl: string, pathname: string, host?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(pathname, baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.get({ hostname: url.hostname, port: url.port, path: url.pathname, headers: host ? { host } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
  });
}

let webDir: string;
let plain: TestApp;
let https: TestApp;

beforeAll(async () => {
  // A built web app's shape: index.html and assets/.
  webDir = await mkdtemp(path.join(os.tmpdir(), 'wholegrain-web-'));
  await mkdir(path.join(webDir, 'assets'));
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>');
  await writeFile(path.join(webDir, 'assets', 'app.js'), 'console.log("app")');
  [plain, https] = await Promise.all([
    startTestApp({ config: { webDistDir: webDir } }),
    startTestApp({ config: { webDistDir: webDir, publicUrl: 'https://support.acme.example' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.close(), https?.close()]);
  if (webDir) await rm(webDir, { recursive: true, force: true });
});

describe('headers on every response', () => {
  it.each(['/', '/index.html', '/people', '/api/docs', '/api/docs/openapi.json', '/api/health', '/api/nope', '/assets/app.js'])('%s carries the CSP and COOP', async (pathname) => {
    const response = await get(plain.baseUrl, pathname);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves the API docs without inline scripts, so the CSP does not break them', async () => {
    const response = await get(plain.baseUrl, '/api/docs');
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/swagger/i);
    const scripts = [...response.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(content!.trim()).toBe('');
    }
  });

  it('answers /favicon.ico and other missing files with a 404, not the app', async () => {
    for (const pathname of ['/favicon.ico', '/robots.txt']) {
      const response = await get(plain.baseUrl, pathname);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('<div id="root">');
    }
  });

  it('sends HSTS when PUBLIC_URL is https', async () => {
    const response = await get(https.baseUrl, '/api/health', 'support.acme.example');
    expect(response.status).toBe(200);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('the Host allow-list', () => {
  it('refuses a host name an attacker rebound to this address, even on a fresh instance', async () => {
    for (const pathname of ['/', '/api/setup']) {
      const response = await get(plain.baseUrl, pathname, 'rebind.attacker.example:3000');
      expect(response.status).toBe(421);
      expect(response.body).not.toContain('needsSetup');
      expect(response.body).toContain('PUBLIC_URL');
    }
  });

  it('answers 127.0.0.1 and localhost alike when PUBLIC_URL is unset', async () => {
    const port = new URL(plain.baseUrl).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await get(plain.baseUrl, '/api/setup', host)).status).toBe(200);
  });

  it('answers the PUBLIC_URL host and loopback, nothing else', async () => {
    expect((await get(https.baseUrl, '/api/setup', 'support.acme.example')).status).toBe(200);
    expect((await get(https.baseUrl, '/api/setup', 'SUPPORT.ACME.EXAMPLE:443')).status).toBe(200);
    expect((await get(https.baseUrl, '/api/health', 'localhost')).status).toBe(200);
    expect((await get(https.baseUrl, '/api/setup', 'acme.example')).status).toBe(421);
  });
});
