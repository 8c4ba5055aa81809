import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';

const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ clock });
  expect((await browser('Firefox').setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
});

function browser(name: string): ApiClient {
  return new ApiClient(testApp.baseUrl, { headers: { 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) ${name}/140.0` } });
}

async function signedIn(name: string, password = FOUNDER.password): Promise<ApiClient> {
  const client = browser(name);
  expect((await client.signIn(FOUNDER.email, password)).status).toBe(200);
  return client;
}

describe('your sessions', () => {
  it('lists the browsers you are signed in on, with address and last seen, marking this one', async () => {
    const laptop = await signedIn('Laptop');
    await signedIn('Phone');
    const sessions = (await laptop.get('/api/account/sessions')).body as { userAgent: string; ip: string; lastSeenAt: string; current: boolean }[];
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions.find((session) => session.current)!.userAgent).toContain('Laptop/140.0');
    expect(sessions.map((session) => session.userAgent)).toEqual(expect.arrayContaining([expect.stringContaining('Phone/140.0')]));
    expect(sessions[0]!.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(sessions)).not.toMatch(/token|csrf/i);
  });

  it('signs one other session out, and answers 404 for a session that is no longer there', async () => {
    const laptop = await signedIn('Laptop');
    const tablet = await signedIn('Tablet');
    const tabletId = ((await tablet.get('/api/account/sessions')).body as { id: string; current: boolean }[]).find((session) => session.current)!.id;
    expect((await laptop.delete(`/api/account/sessions/${tabletId}`)).status).toBe(204);
    expect((await tablet.get('/api/session')).status).toBe(401);
    expect((await laptop.get('/api/session')).status).toBe(200);
    expect((await laptop.delete(`/api/account/sessions/${tabletId}`)).status).toBe(404);
  });

  it('signs out everywhere else, keeping this session', async () => {
    const others = [await signedIn('A'), await signedIn('B')];
    const here = await signedIn('Here');
    const response = await here.post('/api/account/sessions/sign-out-others');
    expect(response.status).toBe(200);
    expect(response.body.signedOut).toBeGreaterThanOrEqual(2);
    for (const other of others) expect((await other.get('/api/session')).status).toBe(401);
    expect((await here.get('/api/account/sessions')).body).toHaveLength(1);
  });

  it('ends a session left unused for 14 days, though its 30-day lifetime is not over', async () => {
    const idle = await signedIn('Idle');
    clock.instant = new Date(clock.instant.getTime() + 13 * 86_400_000);
    expect((await idle.get('/api/session')).status).toBe(200);
    clock.instant = new Date(clock.instant.getTime() + 14 * 86_400_000 + 60_000);
    expect((await idle.get('/api/session')).status).toBe(401);
  });
});

describe('changing your password', () => {
  it('needs the current password, and says which field is wrong', async () => {
    const client = await signedIn('Laptop');
    const response = await client.post('/api/account/password', { currentPassword: 'not my password', newPassword: 'a brand new password' });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual({ currentPassword: ['Your current password is not correct'] });
    expect((await browser('x').signIn(FOUNDER.email, 'a brand new password')).status).toBe(401);
  });

  it('takes the new password at once and ends every other session, keeping this one', async () => {
    const other = await signedIn('Other');
    const here = await signedIn('Here');
    const response = await here.post('/api/account/password', { currentPassword: FOUNDER.password, newPassword: 'a brand new password' });
    expect(response.status).toBe(200);
    expect(response.body.signedOut).toBeGreaterThanOrEqual(1);
    expect((await other.get('/api/session')).status).toBe(401);
    expect((await here.get('/api/session')).status).toBe(200);
    expect((await browser('y').signIn(FOUNDER.email, FOUNDER.password)).status).toBe(401);
    expect((await browser('z').signIn(FOUNDER.email, 'a brand new password')).status).toBe(200);
    const { rows } = await testApp.database.pool.query(`SELECT details::text FROM audit_event WHERE action = 'person.password_changed'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].details).not.toContain('brand new');
  });

  it('slows guessing of the current password like sign-ins', async () => {
    const client = await signedIn('Thief', 'a brand new password');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) statuses.push((await client.post('/api/account/password', { currentPassword: `guess ${attempt}`, newPassword: 'stolen account pw' })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});
