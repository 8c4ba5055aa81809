import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';
import { waitUntil } from '../harness/wait.js';

// Addresses arrive through X-Forwarded-For (TRUST_PROXY), so one test can be many places.
const clock = new TestClock(new Date('2026-03-02T10:00:00Z'));
let testApp: TestApp;
let smtp: SmtpReceiver;
let admin: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  testApp = await startTestApp({ clock, config: { trustProxy: true, smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}` } });
  admin = from('198.51.100.1');
  expect((await admin.setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
  await smtp?.stop();
});

function from(address: string): ApiClient {
  return new ApiClient(testApp.baseUrl, { headers: { 'x-forwarded-for': address } });
}

const PASSWORD = 'the right long password';
async function addPerson(email: string): Promise<void> {
  const response = await admin.post('/api/people', { name: email.split('@')[0], email, password: PASSWORD, access: 'member', supportRole: 'programmer', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5] });
  expect(response.status).toBe(201);
}

async function checkedAttempts(email: string): Promise<number> {
  const { rows } = await testApp.database.pool.query<{ count: number }>(
    `SELECT COUNT(*)::int AS count FROM audit_event WHERE action = 'session.sign_in_failed' AND target_id = $1`,
    [email],
  );
  return rows[0]!.count;
}

function statuses(responses: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
}

describe('sign-in throttling under parallel load', () => {
  it('checks exactly 5 of 200 parallel wrong passwords for one account from one address', async () => {
    const target = 'race@wholegrain.test';
    await addPerson(target);
    const responses = await Promise.all(Array.from({ length: 200 }, () => from('203.0.113.7').signIn(target, 'wrong password guess')));
    expect(statuses(responses)).toEqual({ 401: 5, 429: 195 });
    expect(await checkedAttempts(target)).toBe(5);
    const refused = responses.find((response) => response.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error.message).toBe('Too many failed sign-ins. Try again in 1 second.');
  });

  it('makes every further guess wait twice as long: 1 s, 2 s, 4 s', async () => {
    const target = 'slow@wholegrain.test';
    await addPerson(target);
    const guess = () => from('203.0.113.8').signIn(target, 'wrong password guess');
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await guess()).status).toBe(401);
    const waits: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const refused = await guess();
      expect(refused.status).toBe(429);
      waits.push(refused.headers.get('retry-after')!);
      clock.instant = new Date(clock.instant.getTime() + Number(refused.headers.get('retry-after')) * 1000);
      expect((await guess()).status).toBe(401);
    }
    expect(waits).toEqual(['1', '2', '4']);
    expect(await checkedAttempts(target)).toBe(8);
  });
});

describe('the owner is not locked out', () => {
  const target = 'owner@wholegrain.test';

  it('lets the owner in from another address while their account is attacked', async () => {
    await addPerson(target);
    const attack = await Promise.all(Array.from({ length: 50 }, () => from('203.0.113.66').signIn(target, 'Winter2026!')));
    expect(statuses(attack)).toEqual({ 401: 5, 429: 45 });
    expect((await from('192.0.2.10').signIn(target, PASSWORD)).status).toBe(200);
  });

  it('lets the owner in from a browser that signed in before, even behind the attacking address', async () => {
    const laptop = from('203.0.113.66');
    // Signed in last week from home; now at the office, behind the attacker's NAT.
    const home = from('192.0.2.10');
    expect((await home.signIn(target, PASSWORD)).status).toBe(200);
    const deviceCookie = (await home.post('/api/session', { email: target, password: PASSWORD })).headers.getSetCookie().find((cookie) => cookie.startsWith('wg_device='))!;
    expect(deviceCookie).toMatch(/HttpOnly/);
    expect(deviceCookie).toMatch(/Max-Age=31536000/);
    expect((await from('203.0.113.66').signIn(target, PASSWORD)).status).toBe(429);
    const value = deviceCookie.split(';')[0]!;
    const fromLaptop = await laptop.request('POST', '/api/session', { email: target, password: PASSWORD }, { cookie: value });
    expect(fromLaptop.status).toBe(200);
  });

  it('does not accept a device cookie for another account, or a forged one', async () => {
    const other = from('192.0.2.11');
    expect((await other.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    const founderDevice = (await other.post('/api/session', { email: FOUNDER.email, password: FOUNDER.password })).headers.getSetCookie().find((cookie) => cookie.startsWith('wg_device='))!.split(';')[0]!;
    const attacker = from('203.0.113.66');
    expect((await attacker.request('POST', '/api/session', { email: target, password: PASSWORD }, { cookie: founderDevice })).status).toBe(429);
    expect((await attacker.request('POST', '/api/session', { email: target, password: PASSWORD }, { cookie: `${founderDevice.slice(0, -3)}abc` })).status).toBe(429);
  });
});

describe('an address spraying one password over many accounts', () => {
  it('is slowed after 20 failures, whichever accounts they named', async () => {
    const sprayer = () => from('203.0.113.99');
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await sprayer().signIn(`user${attempt}@wholegrain.test`, 'Winter2026!')).status).toBe(401);
    const blocked = await sprayer().signIn('user99@wholegrain.test', 'Winter2026!');
    expect(blocked.status).toBe(429);
    // Someone elsewhere is not affected.
    expect((await from('192.0.2.50').signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
  });
});

describe('telling the owner', () => {
  it('leaves one in-app notice and sends one email when their password is being guessed', async () => {
    const target = 'alerted@wholegrain.test';
    await addPerson(target);
    const mailsBefore = smtp.received.length;
    // Guesses from many addresses: no pair reaches its limit, the account's count does.
    for (let attempt = 0; attempt < 12; attempt += 1) expect((await from(`198.18.0.${attempt + 1}`).signIn(target, 'guess number one')).status).toBe(401);
    await waitUntil(async () => smtp.received.length > mailsBefore);
    const owner = from('192.0.2.20');
    expect((await owner.signIn(target, PASSWORD)).status).toBe(200);
    const notices = (await owner.get('/api/notices')).body as { kind: string; title: string; body: string }[];
    expect(notices.filter((notice) => notice.kind === 'sign_in_alert')).toHaveLength(1);
    expect(notices[0]!.title).toBe('Someone is trying to sign in to your account');
    expect(notices[0]!.body).toContain('198.18.0.5');
    const mails = smtp.received.slice(mailsBefore);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([target]);
    const mail = await simpleParser(mails[0]!.raw);
    expect(mail.subject).toBe('Someone is trying to sign in to your account');
    expect(mail.text).not.toContain('guess number one');
  });
});
