import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';
import { waitUntil } from '../harness/wait.js';

const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
let smtp: SmtpReceiver;
let withMail: TestApp;
let withoutMail: TestApp;

const MEMBER = { name: 'Grace', email: 'grace@wholegrain.test', password: 'grace long password', access: 'member', supportRole: 'programmer', timeZone: 'UTC', workingDays: [1, 2, 3] };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  [withMail, withoutMail] = await Promise.all([
    startTestApp({ clock, config: { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, publicUrl: 'https://support.acme.example' } }),
    startTestApp({ clock }),
  ]);
  for (const app of [withMail, withoutMail]) {
    const admin = new ApiClient(app.baseUrl);
    expect((await admin.setup(FOUNDER)).status).toBe(201);
    expect((await admin.post('/api/people', MEMBER)).status).toBe(201);
  }
});
afterAll(async () => {
  await Promise.all([withMail?.close(), withoutMail?.close()]);
  await smtp?.stop();
});

async function linkFromMail(index: number): Promise<string> {
  await waitUntil(async () => smtp.received.length > index);
  const mail = await simpleParser(smtp.received[index]!.raw);
  return /https:\/\/support\.acme\.example\/reset-password#token=[\w-]+/.exec(mail.text ?? '')![0];
}
const tokenOf = (url: string) => url.split('#token=')[1]!;

describe('forgot password, by email', () => {
  it('answers the same whether the address exists or not, and mails only a real person', async () => {
    const known = await new ApiClient(withMail.baseUrl).post('/api/password-reset', { email: 'Grace@wholegrain.test' });
    const unknown = await new ApiClient(withMail.baseUrl).post('/api/password-reset', { email: 'nobody@wholegrain.test' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await waitUntil(async () => smtp.received.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received.map((mail) => mail.to)).toEqual([['grace@wholegrain.test']]);
  });

  it('stores only a hash of the token, and the link works once', async () => {
    const url = await linkFromMail(0);
    const token = tokenOf(url);
    const { rows } = await withMail.database.pool.query(`SELECT token_hash = sha256(convert_to($1, 'UTF8')) AS hashed, expires_at - created_at AS lifetime FROM password_reset`, [token]);
    expect(rows).toEqual([{ hashed: true, lifetime: { minutes: 30 } }]);
    const session = new ApiClient(withMail.baseUrl);
    expect((await session.signIn(MEMBER.email, MEMBER.password)).status).toBe(200);

    const first = await new ApiClient(withMail.baseUrl).post('/api/password-reset/confirm', { token, newPassword: 'a new long password' });
    expect(first.status).toBe(204);
    expect((await session.get('/api/session')).status).toBe(401);
    expect((await new ApiClient(withMail.baseUrl).signIn(MEMBER.email, 'a new long password')).status).toBe(200);
    const again = await new ApiClient(withMail.baseUrl).post('/api/password-reset/confirm', { token, newPassword: 'an attacker password' });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/not valid any more/);
  });

  it('refuses a link older than 30 minutes', async () => {
    clock.instant = new Date(clock.instant.getTime() + 2 * 60_000);
    await new ApiClient(withMail.baseUrl).post('/api/password-reset', { email: MEMBER.email });
    const token = tokenOf(await linkFromMail(1));
    clock.instant = new Date(clock.instant.getTime() + 31 * 60_000);
    expect((await new ApiClient(withMail.baseUrl).post('/api/password-reset/confirm', { token, newPassword: 'too late password' })).status).toBe(400);
  });
});

describe('a reset link made by an admin (no SMTP)', () => {
  it('gives the admin a single-use link, audited, and refuses members', async () => {
    const admin = new ApiClient(withoutMail.baseUrl);
    await admin.signIn(FOUNDER.email, FOUNDER.password);
    const people = (await admin.get('/api/people')).body as { id: string; email: string }[];
    const grace = people.find((person) => person.email === MEMBER.email)!;
    const founder = people.find((person) => person.email === FOUNDER.email)!;

    const member = new ApiClient(withoutMail.baseUrl);
    await member.signIn(MEMBER.email, MEMBER.password);
    expect((await member.post(`/api/people/${founder.id}/reset-link`)).status).toBe(403);

    const response = await admin.post(`/api/people/${grace.id}/reset-link`);
    expect(response.status).toBe(201);
    expect(response.body.url).toMatch(new RegExp(`^${withoutMail.baseUrl}/reset-password#token=[\\w-]{43}$`));
    expect((await new ApiClient(withoutMail.baseUrl).post('/api/password-reset/confirm', { token: tokenOf(response.body.url), newPassword: 'handed over password' })).status).toBe(204);
    expect((await member.get('/api/session')).status).toBe(401);
    expect((await new ApiClient(withoutMail.baseUrl).signIn(MEMBER.email, 'handed over password')).status).toBe(200);
    const { rows } = await withoutMail.database.pool.query(`SELECT action FROM audit_event WHERE action IN ('person.reset_link_created', 'person.password_reset') ORDER BY id`);
    expect(rows.map((row) => row.action)).toEqual(['person.reset_link_created', 'person.password_reset']);
  });
});
