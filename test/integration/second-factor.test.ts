import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { authenticatorCode } from '../harness/totp.js';

// Mid-step, so ±1 step is unambiguous.
const clock = new TestClock(new Date('2026-03-02T09:00:15Z'));
let testApp: TestApp;
let founderSecret: string;
let founderRecoveryCodes: string[];

const MEMBER = { name: 'Grace Programmer', email: 'grace@wholegrain.test', password: 'another long password', access: 'member', supportRole: 'programmer', timeZone: 'Europe/Paris' };

beforeAll(async () => {
  testApp = await startTestApp({ clock });
  expect((await new ApiClient(testApp.baseUrl).setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
});

const browser = () => new ApiClient(testApp.baseUrl);
const later = (ms: number) => {
  clock.instant = new Date(clock.instant.getTime() + ms);
};

/** The password step: 202 and a pending cookie, no session. */
async function passwordStep(email: string, password: string): Promise<ApiClient> {
  const client = browser();
  const response = await client.post('/api/session', { email, password });
  expect(response.status).toBe(202);
  expect(client.hasSessionCookie()).toBe(false);
  return client;
}

async function secondStep(client: ApiClient, method: 'totp' | 'recovery', code: string) {
  const response = await client.post('/api/session/second-step', { method, code });
  if (response.status === 200) client.csrfToken = response.body.csrfToken;
  return response;
}

async function enrolTotp(client: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.post('/api/account/second-factor/totp');
  expect(started.status).toBe(200);
  const confirmed = await client.post('/api/account/second-factor/totp/confirm', { code: authenticatorCode(started.body.secret, clock.instant) });
  expect(confirmed.status).toBe(200);
  return { secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

describe('setting up an authenticator app', () => {
  it('shows a key and a QR code, needs a code from the app to take effect, then gives ten recovery codes once', async () => {
    const founder = browser();
    expect((await founder.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    const started = await founder.post('/api/account/second-factor/totp');
    expect(started.status).toBe(200);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.body.uri).toBe(`otpauth://totp/Wholegrain:ada%40wholegrain.test?secret=${started.body.secret}&issuer=Wholegrain&algorithm=SHA1&digits=6&period=30`);
    expect(Buffer.from(started.body.qrDataUrl.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toMatch(/^<svg[\s\S]*<\/svg>$/);

    // Not yet confirmed: signing in still needs only the password.
    expect((await browser().signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);

    const wrong = await founder.post('/api/account/second-factor/totp/confirm', { code: '000000' === authenticatorCode(started.body.secret, clock.instant) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.code).toBeTruthy();

    const confirmed = await founder.post('/api/account/second-factor/totp/confirm', { code: authenticatorCode(started.body.secret, clock.instant) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    founderSecret = started.body.secret;
    founderRecoveryCodes = confirmed.body.recoveryCodes;

    const overview = (await founder.get('/api/account/second-factor')).body;
    expect(overview).toMatchObject({ totp: true, passkeys: [], recoveryCodesLeft: 10, required: false });
    expect(JSON.stringify(overview)).not.toContain(founderSecret);
  });

  it('keeps the key sealed and only keyed hashes of the recovery codes', async () => {
    const { rows: [totp] } = await testApp.database.pool.query(`SELECT secret_sealed FROM totp_credential`);
    const sealed = (totp.secret_sealed as Buffer).toString('latin1');
    expect(sealed).not.toContain(founderSecret);
    const { rows: codes } = await testApp.database.pool.query(`SELECT code_hash FROM recovery_code`);
    expect(codes).toHaveLength(10);
    const stored = codes.map((row) => (row.code_hash as Buffer).toString('latin1')).join('|');
    for (const code of founderRecoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
  });
});

describe('signing in with a second step', () => {
  it('after the password the half-signed-in browser can call no API, and a code one step old or ahead still works', async () => {
    const client = await passwordStep(FOUNDER.email, FOUNDER.password);
    expect((await client.get('/api/session/second-step')).body).toEqual({ secondFactorRequired: true, methods: ['totp', 'recovery'] });
    for (const path of ['/api/session', '/api/people', '/api/account/sessions', '/api/account/second-factor', '/api/conversations']) {
      expect((await client.get(path)).status, path).toBe(401);
    }
    expect((await client.post('/api/account/second-factor/recovery-codes')).status).toBe(401);

    // The code that confirmed the app (step S) cannot sign in; one step later, the previous step's code (S+1) can.
    later(30_000);
    expect((await secondStep(client, 'totp', authenticatorCode(founderSecret, clock.instant, -1))).status).toBe(400);
    later(30_000);
    const response = await secondStep(client, 'totp', authenticatorCode(founderSecret, clock.instant, -1));
    expect(response.status).toBe(200);
    expect(response.body.person.email).toBe(FOUNDER.email);
    expect(client.hasSessionCookie()).toBe(true);
    expect((await client.get('/api/people')).status).toBe(200);
    // The pending sign-in is spent.
    expect((await client.get('/api/session/second-step')).status).toBe(401);
  });

  it('refuses a code that was used already, and one two steps away', async () => {
    later(60_000);
    const first = await passwordStep(FOUNDER.email, FOUNDER.password);
    const code = authenticatorCode(founderSecret, clock.instant);
    expect((await secondStep(first, 'totp', code)).status).toBe(200);

    const replay = await passwordStep(FOUNDER.email, FOUNDER.password);
    const again = await secondStep(replay, 'totp', code);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/not right, or was used already/);
    // Even the previous step is refused now: it is not later than the step used.
    expect((await secondStep(replay, 'totp', authenticatorCode(founderSecret, clock.instant, -1))).status).toBe(400);
    expect((await secondStep(replay, 'totp', authenticatorCode(founderSecret, clock.instant, 2))).status).toBe(400);
    expect((await secondStep(replay, 'totp', authenticatorCode(founderSecret, clock.instant, -2))).status).toBe(400);
    expect(replay.hasSessionCookie()).toBe(false);
    // A code one step ahead (a phone clock a little fast) works.
    expect((await secondStep(replay, 'totp', authenticatorCode(founderSecret, clock.instant, 1))).status).toBe(200);
  });

  it('takes each recovery code once, typed however', async () => {
    const code = founderRecoveryCodes[0]!;
    const first = await passwordStep(FOUNDER.email, FOUNDER.password);
    expect((await secondStep(first, 'recovery', ` ${code.toUpperCase().replace('-', ' ')} `)).status).toBe(200);
    const second = await passwordStep(FOUNDER.email, FOUNDER.password);
    expect((await secondStep(second, 'recovery', code)).status).toBe(400);
    expect((await secondStep(second, 'recovery', founderRecoveryCodes[1]!)).status).toBe(200);
    expect((await second.get('/api/account/second-factor')).body.recoveryCodesLeft).toBe(8);
  });

  it('ends the half-finished sign-in after five wrong answers, and after five minutes', async () => {
    later(30_000);
    const guesser = await passwordStep(FOUNDER.email, FOUNDER.password);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await secondStep(guesser, 'recovery', `wrong-${attempt}0000`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 401]);
    expect((await secondStep(guesser, 'totp', authenticatorCode(founderSecret, clock.instant))).status).toBe(401);

    later(60_000);
    const slow = await passwordStep(FOUNDER.email, FOUNDER.password);
    later(5 * 60_000 + 1_000);
    const expired = await secondStep(slow, 'totp', authenticatorCode(founderSecret, clock.instant));
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/timed out/);
    const { rows } = await testApp.database.pool.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'session.second_factor_failed'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(5);
  });

  it('slows down code guessing per person across fresh password steps', async () => {
    later(60 * 60_000);
    const statuses: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      const client = await passwordStep(FOUNDER.email, FOUNDER.password);
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await secondStep(client, 'recovery', `guess-${round}${attempt}0000`)).status);
    }
    // 5 free wrong codes for the person, whichever pending sign-in they came through; then waits.
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toContain(429);
    later(60 * 60_000);
  });
});

describe('admins', () => {
  let admin: ApiClient;
  let memberId: string;
  let memberSecret: string;

  beforeAll(async () => {
    admin = await passwordStep(FOUNDER.email, FOUNDER.password);
    later(30_000);
    expect((await secondStep(admin, 'totp', authenticatorCode(founderSecret, clock.instant))).status).toBe(200);
    const created = await admin.post('/api/people', MEMBER);
    expect(created.status).toBe(201);
    memberId = created.body.id;
  });

  it('can require a second factor from everyone: someone without one can only set one up after the password', async () => {
    const member = browser();
    expect((await member.post('/api/sign-in-policy', {})).status).toBe(404);
    expect((await member.signIn(MEMBER.email, MEMBER.password)).status).toBe(200);
    expect((await member.request('PUT', '/api/sign-in-policy', { requireSecondFactor: true })).status).toBe(403);

    const turnedOn = await admin.request('PUT', '/api/sign-in-policy', { requireSecondFactor: true });
    expect(turnedOn.status).toBe(200);
    expect(turnedOn.body.requireSecondFactor).toBe(true);
    expect(turnedOn.body.enrolled).toEqual({ [(await admin.get('/api/session')).body.person.id]: ['totp'] });

    const fresh = browser();
    const signedIn = await fresh.signIn(MEMBER.email, MEMBER.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mustEnrolSecondFactor).toBe(true);
    const blocked = await fresh.get('/api/people');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.secondFactorEnrolmentRequired).toBe(true);
    expect((await fresh.get('/api/conversations')).status).toBe(403);
    expect((await fresh.get('/api/session')).body.mustEnrolSecondFactor).toBe(true);

    const { secret } = await enrolTotp(fresh);
    memberSecret = secret;
    expect((await fresh.get('/api/people')).status).toBe(200);
    expect((await fresh.get('/api/session')).body.mustEnrolSecondFactor).toBe(false);
    // From now on the member takes the second step too.
    await passwordStep(MEMBER.email, MEMBER.password);
    // While required, the last second factor cannot be removed.
    expect((await fresh.delete('/api/account/second-factor/totp', { password: MEMBER.password })).status).toBe(409);
    const { rows } = await testApp.database.pool.query(`SELECT actor_id::text, details FROM audit_event WHERE action = 'sign_in_policy.updated'`);
    expect(rows).toEqual([{ actor_id: turnedOn.body.enrolled && Object.keys(turnedOn.body.enrolled)[0], details: { requireSecondFactor: true } }]);
  });

  it("can reset someone's second factor: it is gone, they are signed out, and it is audited", async () => {
    later(30_000);
    const member = await passwordStep(MEMBER.email, MEMBER.password);
    expect((await secondStep(member, 'totp', authenticatorCode(memberSecret, clock.instant))).status).toBe(200);
    expect((await member.post(`/api/people/${memberId}/second-factor/reset`)).status).toBe(403);

    expect((await admin.post(`/api/people/${memberId}/second-factor/reset`)).status).toBe(204);
    expect((await member.get('/api/session')).status).toBe(401);
    const { rows } = await testApp.database.pool.query(
      `SELECT actor_id::text AS actor, target_id AS target, details FROM audit_event WHERE action = 'person.second_factor_reset'`,
    );
    expect(rows).toEqual([{ actor: Object.keys((await admin.get('/api/sign-in-policy')).body.enrolled)[0], target: memberId, details: { removed: { totp: true, passkeys: 0, recoveryCodes: 10 } } }]);
    expect((await admin.get('/api/sign-in-policy')).body.enrolled[memberId]).toBeUndefined();

    // The policy still holds: after the password, setting up a new one is all they can do.
    const again = browser();
    expect((await again.signIn(MEMBER.email, MEMBER.password)).body.mustEnrolSecondFactor).toBe(true);
    expect((await admin.post(`/api/people/00000000-0000-0000-0000-000000000000/second-factor/reset`)).status).toBe(404);
  });

  it('lets the policy be turned off, and then people without a second factor sign in with the password alone', async () => {
    expect((await admin.request('PUT', '/api/sign-in-policy', { requireSecondFactor: false })).status).toBe(200);
    const member = browser();
    const signedIn = await member.signIn(MEMBER.email, MEMBER.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.mustEnrolSecondFactor).toBe(false);
    expect((await member.get('/api/people')).status).toBe(200);
  });
});

describe('changing your own second factor asks for your password again', () => {
  const LINUS = { name: 'Linus', email: 'linus@wholegrain.test', password: 'linus long password', access: 'member', supportRole: 'programmer', timeZone: 'UTC' };
  let linus: ApiClient;
  let recoveryCodes: string[];

  beforeAll(async () => {
    later(60 * 60_000);
    const admin = browser();
    expect((await admin.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(202);
    await secondStep(admin, 'recovery', founderRecoveryCodes.at(-1)!);
    expect((await admin.post('/api/people', LINUS)).status).toBe(201);
    linus = browser();
    expect((await linus.signIn(LINUS.email, LINUS.password)).status).toBe(200);
    ({ recoveryCodes } = await enrolTotp(linus));
  });

  const overview = async () => (await linus.get('/api/account/second-factor')).body;

  it('refuses a missing or wrong password with a clear message, and changes nothing', async () => {
    const missing = await linus.delete('/api/account/second-factor/totp');
    expect(missing.status).toBe(400);
    const wrong = await linus.delete('/api/account/second-factor/totp', { password: 'not my password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('Your password is not correct.');
    expect(wrong.body.error.details.password).toEqual(['Your password is not correct']);
    const codes = await linus.post('/api/account/second-factor/recovery-codes', { password: 'not my password' });
    expect(codes.status).toBe(400);
    const passkey = await linus.delete('/api/account/second-factor/passkeys/00000000-0000-4000-8000-000000000000', { password: 'not my password' });
    expect(passkey.status).toBe(400);
    expect(await overview()).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    // The old recovery codes still work (nothing was replaced): one signs Linus in.
    const other = await passwordStep(LINUS.email, LINUS.password);
    expect((await secondStep(other, 'recovery', recoveryCodes[0]!)).status).toBe(200);
  });

  it('throttles wrong passwords like sign-in: after five, even the right one waits', async () => {
    // (Linus's sign-in above, with the right password, started the count over.) Five wrong are checked; then the right one is slowed down too.
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await linus.post('/api/account/second-factor/recovery-codes', { password: `guess ${attempt}` })).status).toBe(400);
    const slowed = await linus.delete('/api/account/second-factor/totp', { password: LINUS.password });
    expect(slowed.status).toBe(429);
    expect(slowed.body.error.message).toMatch(/try again/i);
    expect(await overview()).toMatchObject({ totp: true });
    later(60 * 60_000);
  });

  it('with the right password, replaces the recovery codes and removes the app (audited)', async () => {
    const codes = await linus.post('/api/account/second-factor/recovery-codes', { password: LINUS.password });
    expect(codes.status).toBe(200);
    expect(codes.body.recoveryCodes).toHaveLength(10);
    expect((await linus.delete('/api/account/second-factor/totp', { password: LINUS.password })).status).toBe(204);
    expect(await overview()).toMatchObject({ totp: false, passkeys: [] });
    const { rows } = await testApp.database.pool.query(
      `SELECT action, details FROM audit_event WHERE actor_id = (SELECT id FROM person WHERE email = $1) AND action LIKE 'person.%' ORDER BY id`,
      [LINUS.email],
    );
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['person.recovery_codes_regenerated', 'person.second_factor_removed']));
  });
});
