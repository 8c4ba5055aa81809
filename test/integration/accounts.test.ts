import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp?.close();
});

const browser = () => new ApiClient(testApp.baseUrl);
const auditActions = async () =>
  (await testApp.database.pool.query<{ action: string }>('SELECT action FROM audit_event ORDER BY id')).rows.map((row) => row.action);

const MEMBER = {
  name: 'Grace Programmer',
  email: 'Grace@Wholegrain.test ',
  password: 'another long password',
  access: 'member',
  supportRole: 'programmer',
  timeZone: 'America/New_York',
  workingDays: [5, 1, 2, 2],
};

describe('first-run setup', () => {
  it('says setup is needed while nobody exists', async () => {
    expect((await browser().get('/api/setup')).body).toEqual({ needsSetup: true });
  });

  it('rejects a weak setup request and names every bad field', async () => {
    const response = await browser().post('/api/setup', { name: '', email: 'not-an-email', password: 'short', timeZone: 'Mars/Olympus' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.details).sort()).toEqual(['email', 'name', 'password', 'timeZone']);
    expect(response.body.error.details.timeZone[0]).toMatch(/IANA/);
  });

  it('creates the first admin, signs them in, and refuses a second setup', async () => {
    const founder = browser();
    const response = await founder.setup(FOUNDER);
    expect(response.status).toBe(201);
    expect(response.body.person).toMatchObject({ name: 'Ada Founder', email: 'ada@wholegrain.test', access: 'admin', supportRole: 'founder', timeZone: 'Europe/Paris' });
    expect(response.body.person).not.toHaveProperty('passwordHash');
    expect((await founder.get('/api/session')).body.person.email).toBe('ada@wholegrain.test');

    const again = await browser().setup({ ...FOUNDER, email: 'mallory@evil.test' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already set up/);
    expect((await browser().get('/api/setup')).body).toEqual({ needsSetup: false });
  });

  it('stores the password as an argon2id hash, never in clear', async () => {
    const { rows } = await testApp.database.pool.query<{ password_hash: string }>('SELECT password_hash FROM person');
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(rows[0]!.password_hash).not.toContain(FOUNDER.password);
  });
});

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie, not Secure over plain http', async () => {
    const response = await browser().post('/api/session', { email: FOUNDER.email, password: FOUNDER.password });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^wg_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('matches the email whatever its case and spacing', async () => {
    expect((await browser().signIn('  ADA@wholegrain.TEST', FOUNDER.password)).status).toBe(200);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrongPassword = await browser().signIn(FOUNDER.email, 'not the password');
    const unknownEmail = await browser().signIn('nobody@wholegrain.test', FOUNDER.password);
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body.error.message).toBe('Email or password is incorrect.');
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const client = browser();
    await client.signIn(FOUNDER.email, FOUNDER.password);
    expect((await client.get('/api/session')).status).toBe(200);
    const sessionsBefore = Number((await testApp.database.pool.query('SELECT COUNT(*) FROM session')).rows[0].count);
    expect((await client.delete('/api/session')).status).toBe(204);
    expect(client.hasSessionCookie()).toBe(false);
    expect((await client.get('/api/session')).status).toBe(401);
    const sessionsAfter = Number((await testApp.database.pool.query('SELECT COUNT(*) FROM session')).rows[0].count);
    expect(sessionsAfter).toBe(sessionsBefore - 1);
  });

  it('stores only a hash of the session token', async () => {
    const client = browser();
    const response = await client.signIn(FOUNDER.email, FOUNDER.password);
    const token = response.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
    const { rows } = await testApp.database.pool.query(
      `SELECT COUNT(*) FILTER (WHERE token_hash = sha256(convert_to($1, 'UTF8')))::int AS hashed,
              COUNT(*) FILTER (WHERE token_hash = convert_to($1, 'UTF8'))::int AS clear
       FROM session`,
      [token],
    );
    expect(rows[0]).toEqual({ hashed: 1, clear: 0 });
  });

  it('records sign-in, failed sign-in and sign-out in the audit log, without secrets', async () => {
    const actions = await auditActions();
    expect(actions).toEqual(expect.arrayContaining(['setup.completed', 'session.signed_in', 'session.sign_in_failed', 'session.signed_out']));
    const { rows } = await testApp.database.pool.query(`SELECT details::text, target_id, ip FROM audit_event WHERE action = 'session.sign_in_failed'`);
    expect(rows[0].target_id).toBe('ada@wholegrain.test');
    expect(rows[0].ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(rows)).not.toContain('not the password');
  });
});

// Sign-in throttling: test/integration/sign-in-throttle.test.ts.

describe('people', () => {
  let admin: ApiClient;
  let member: ApiClient;
  let memberId: string;

  beforeAll(async () => {
    // The address throttle above is per address: give these tests a clean window.
    await testApp.database.pool.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await testApp.database.pool.query(`DELETE FROM audit_event WHERE action = 'session.sign_in_failed'`);
    await testApp.database.pool.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    admin = browser();
    expect((await admin.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
  });

  beforeEach(() => {
    member = browser();
  });

  it('lets an admin add a person, normalising email and working days', async () => {
    const response = await admin.post<PersonDto>('/api/people', MEMBER);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: 'grace@wholegrain.test', access: 'member', supportRole: 'programmer', timeZone: 'America/New_York', workingDays: [1, 2, 5], active: true });
    memberId = response.body.id;
    expect((await member.signIn('grace@wholegrain.test', MEMBER.password)).status).toBe(200);
  });

  it('refuses a second person with the same email', async () => {
    const response = await admin.post('/api/people', { ...MEMBER, email: 'GRACE@wholegrain.test' });
    expect(response.status).toBe(409);
    expect(response.body.error.details.email).toEqual(['This email is already in use']);
  });

  it('lists people for any signed-in person, without password hashes', async () => {
    await member.signIn('grace@wholegrain.test', MEMBER.password);
    const response = await member.get<PersonDto[]>('/api/people');
    expect(response.status).toBe(200);
    expect(response.body.map((person) => person.name)).toEqual(expect.arrayContaining(['Ada Founder', 'Grace Programmer']));
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|password/i);
  });

  it('keeps members from adding or editing people (enforced by the server)', async () => {
    await member.signIn('grace@wholegrain.test', MEMBER.password);
    const add = await member.post('/api/people', { ...MEMBER, email: 'sneaky@wholegrain.test' });
    expect(add.status).toBe(403);
    expect(add.body.error.message).toBe('Only admins can do this.');
    expect((await member.patch(`/api/people/${memberId}`, { access: 'admin' })).status).toBe(403);
    expect((await admin.get<PersonDto>(`/api/people/${memberId}`)).body.access).toBe('member');
  });

  it('requires a session for everything but health, setup and session', async () => {
    const anonymous = browser();
    expect((await anonymous.get('/api/people')).status).toBe(401);
    expect((await anonymous.get('/api/people')).body.error.message).toBe('Sign in to continue.');
    expect((await anonymous.get('/api/health')).status).toBe(200);
    expect((await anonymous.get('/api/setup')).status).toBe(200);
  });

  it('lets an admin edit a person and rejects unknown fields', async () => {
    const response = await admin.patch<PersonDto>(`/api/people/${memberId}`, { supportRole: 'designer', workingDays: [6, 7], timeZone: 'Australia/Lord_Howe' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ supportRole: 'designer', workingDays: [6, 7], timeZone: 'Australia/Lord_Howe' });
    const unknown = await admin.patch(`/api/people/${memberId}`, { passwordHash: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown field/);
    expect((await admin.patch('/api/people/not-a-uuid', { name: 'X' })).status).toBe(404);
  });

  it('ends a deactivated person’s sessions at once', async () => {
    await member.signIn('grace@wholegrain.test', MEMBER.password);
    expect((await member.get('/api/people')).status).toBe(200);
    expect((await admin.patch(`/api/people/${memberId}`, { active: false })).status).toBe(200);
    expect((await member.get('/api/people')).status).toBe(401);
    expect((await browser().signIn('grace@wholegrain.test', MEMBER.password)).status).toBe(401);
    await admin.patch(`/api/people/${memberId}`, { active: true });
    expect((await browser().signIn('grace@wholegrain.test', MEMBER.password)).status).toBe(200);
  });

  it('never leaves the team without an active admin', async () => {
    const founderId = (await admin.get('/api/session')).body.person.id;
    const demote = await admin.patch(`/api/people/${founderId}`, { access: 'member' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/at least one active admin/);
    expect((await admin.patch(`/api/people/${founderId}`, { active: false })).status).toBe(409);
  });

  it('records every change to people in the audit log, naming the fields but not the password', async () => {
    await admin.patch(`/api/people/${memberId}`, { password: 'a brand new password' });
    const { rows } = await testApp.database.pool.query(
      `SELECT action, actor_id, target_id, details FROM audit_event WHERE target_type = 'person' AND action LIKE 'person.%' ORDER BY id`,
    );
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['person.created', 'person.updated', 'person.deactivated', 'person.reactivated']));
    const passwordChange = rows.at(-1);
    expect(passwordChange.details).toEqual({ changed: ['password'] });
    expect(JSON.stringify(rows)).not.toContain('a brand new password');
  });
});

describe('CSRF protection', () => {
  let admin: ApiClient;
  beforeAll(async () => {
    admin = browser();
    await admin.signIn(FOUNDER.email, FOUNDER.password);
  });

  const attempt = (headers: Record<string, string>, body: unknown = { ...MEMBER, email: `csrf${Math.random()}@wholegrain.test` }) =>
    admin.request('POST', '/api/people', body, headers);

  it('refuses a state change without the session’s CSRF token', async () => {
    const response = await attempt({ 'x-csrf-token': 'guessed' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
  });

  it('refuses a request from another site even with the token', async () => {
    expect((await attempt({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await attempt({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('refuses a form-encoded body, which a cross-site form could send', async () => {
    const response = await admin.request('POST', '/api/session', 'email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(403);
  });

  it('accepts the same request from the app itself', async () => {
    expect((await attempt({ origin: testApp.baseUrl })).status).toBe(201);
  });
});

describe('secure cookies behind https', () => {
  it('marks the cookie Secure with the __Host- prefix when PUBLIC_URL is https', async () => {
    const secureApp = await startTestApp({ config: { publicUrl: 'https://support.example.com' } });
    try {
      const client = new ApiClient(secureApp.baseUrl);
      await client.setup(FOUNDER);
      const response = await client.post('/api/session', { email: FOUNDER.email, password: FOUNDER.password });
      const cookie = response.headers.getSetCookie()[0]!;
      expect(cookie).toMatch(/^__Host-wg_session=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/HttpOnly/);
    } finally {
      await secureApp.close();
    }
  });
});
