import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';

/**
 * A resolved session is kept for two seconds and reused (a page's burst of requests costs one
 * lookup). What a person would notice if keeping went wrong: a change that does not take effect.
 */
let testApp: TestApp;
let client: ApiClient;

beforeAll(async () => {
  testApp = await startTestApp();
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
});

/** Milliseconds until `check` holds, asking every 20 ms; fails after `limitMs`. */
async function msUntil(check: () => Promise<boolean>, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > limitMs) throw new Error(`Still not so after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

describe('sessions kept between requests', () => {
  it('a change made through this process is in force for the very next request', async () => {
    for (let seconds = 1; seconds <= 20; seconds += 1) {
      // Asked first, so the session is kept with the old value.
      expect((await client.get('/api/me/undo-send')).status).toBe(200);
      expect((await client.patch('/api/me', { undoSendSeconds: seconds })).status).toBe(200);
      expect((await client.get('/api/me/undo-send')).body.own).toBe(seconds);
    }
    const renamed = await client.patch('/api/me', { name: 'Ada Renamed' });
    expect(renamed.status).toBe(200);
    expect((await client.get('/api/session')).body.person.name).toBe('Ada Renamed');
  });

  it('a person deactivated by another process (or by hand in psql) is signed out within a second', async () => {
    expect((await client.get('/api/session')).status).toBe(200);
    const founder = (await client.get('/api/session')).body.person.id as string;
    // Written straight to PostgreSQL, as another app process would: only the database's trigger tells this one.
    await testApp.database.pool.query(`UPDATE person SET active = false WHERE id = $1`, [founder]);
    const signedOutAfter = await msUntil(async () => (await client.get('/api/session')).status === 401, 1_000);
    console.log(`Deactivated elsewhere: refused here after ${signedOutAfter.toFixed(0)} ms`);
    await testApp.database.pool.query(`UPDATE person SET active = true WHERE id = $1`, [founder]);
    await msUntil(async () => (await client.get('/api/session')).status === 200, 1_000);
  });

  it('a session deleted by another process no longer opens anything within a second', async () => {
    const other = new ApiClient(testApp.baseUrl);
    expect((await other.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    const sessions = (await other.get('/api/account/sessions')).body as { id: string; current: boolean }[];
    const current = sessions.find((session) => session.current)!;
    await testApp.database.pool.query(`DELETE FROM session WHERE id = $1`, [current.id]);
    await msUntil(async () => (await other.get('/api/session')).status === 401, 1_000);
    expect((await client.get('/api/session')).status).toBe(200);
  });
});
