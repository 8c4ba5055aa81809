import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutyDateAt, latestDigestSlot } from '../../rotation/src/index.js';
import { DigestService } from '../../api/src/digest/digest.service.js';
import { DutyRemindersService } from '../../api/src/duty/duty-reminders.service.js';
import type { NoticeDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';
import { waitUntil } from '../harness/wait.js';

// The next Monday 08:00 in Paris after now (a digest is due), two hours on: past the 09:00 handoff, so
// Tuesday's person (Grace) is reminded today.
const SLOT = latestDigestSlot(new Date(Date.now() + 7 * 86_400_000), 'Europe/Paris', 'weekly');
const clock = new TestClock(new Date(SLOT.getTime() + 2 * 3_600_000));
const GRACE = { name: 'Grace', email: 'grace@wholegrain.test', password: 'grace long password', supportRole: 'designer', timeZone: 'Europe/Paris' };

let dovecot: Dovecot;
let smtp: SmtpReceiver;
/** No SMTP_URL; two mailboxes: "zeta" (created first, SMTP to the receiver), then "alpha" (SMTP to a closed port). */
let withMailbox: TestApp;
/** No SMTP_URL and no mailbox. */
let withNothing: TestApp;

async function prepare(app: TestApp): Promise<{ admin: ApiClient; grace: ApiClient }> {
  const admin = new ApiClient(app.baseUrl);
  expect((await admin.setup(FOUNDER)).status).toBe(201);
  const graceId = (await admin.post<PersonDto>('/api/people', GRACE)).body.id;
  const adaId = (await admin.get('/api/session')).body.person.id;
  const monday = dutyDateAt({ timeZone: 'Europe/Paris', handoffTime: '09:00' }, clock.now());
  // Monday Ada, Tuesday Grace.
  const rotation = await admin.post('/api/rotations', { name: 'Support', timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], startDate: monday, members: [{ personId: adaId }, { personId: graceId }] });
  expect(rotation.status).toBe(201);
  const grace = new ApiClient(app.baseUrl);
  expect((await grace.signIn(GRACE.email, GRACE.password)).status).toBe(200);
  return { admin, grace };
}

beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
  [withMailbox, withNothing] = await Promise.all([
    startTestApp({ clock, config: { publicUrl: 'https://support.acme.example', mailFrom: 'Wholegrain <system@acme.example>' } }),
    startTestApp({ clock, config: { publicUrl: 'https://support.acme.example' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([withMailbox?.close(), withNothing?.close()]);
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function mailTo(address: string) {
  await waitUntil(async () => smtp.received.some((mail) => mail.to.includes(address)));
  const found = smtp.received.filter((mail) => mail.to.includes(address));
  expect(found).toHaveLength(1);
  return { envelopeFrom: found[0]!.from, parsed: await simpleParser(found[0]!.raw) };
}

describe('system mail without SMTP_URL, through the first mailbox', () => {
  let admin: ApiClient;
  let grace: ApiClient;

  beforeAll(async () => {
    ({ admin, grace } = await prepare(withMailbox));
    await createTestMailbox(withMailbox, dovecot, 'zeta', { name: 'Zeta support', smtp: { host: '127.0.0.1', port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD } });
    // Alphabetically first, but created second: not the one system mail uses (its SMTP port is closed).
    await createTestMailbox(withMailbox, dovecot, 'alpha', { name: 'Alpha support', smtp: { host: '127.0.0.1', port: 9, user: 'alpha', password: 'nope' } });
  });

  it('tells Settings which mailbox sends it', async () => {
    expect((await admin.get('/api/system-mail')).body).toEqual({ via: 'mailbox', mailbox: 'zeta@wholegrain.test' });
  });

  it('sends a password reset from the first mailbox’s address as “Wholegrain”', async () => {
    expect((await new ApiClient(withMailbox.baseUrl).post('/api/password-reset', { email: GRACE.email })).status).toBe(202);
    const { envelopeFrom, parsed } = await mailTo(GRACE.email);
    expect(envelopeFrom).toBe('zeta@wholegrain.test');
    expect(parsed.from?.value).toEqual([{ name: 'Wholegrain', address: 'zeta@wholegrain.test' }]);
    expect(parsed.subject).toBe('Reset your Wholegrain password');
    expect(parsed.text).toMatch(/https:\/\/support\.acme\.example\/reset-password#token=[\w-]+/);
    smtp.received.length = 0;
  });

  it('emails the duty reminder, and the notice says it was sent', async () => {
    expect(await withMailbox.app.get(DutyRemindersService).runDueReminders(clock.now())).toBe(1);
    const { parsed } = await mailTo(GRACE.email);
    expect(parsed.from?.value).toEqual([{ name: 'Wholegrain', address: 'zeta@wholegrain.test' }]);
    expect(parsed.subject).toMatch(/^You are on support on Tuesday/);
    const [notice] = (await grace.get<NoticeDto[]>('/api/notices')).body;
    expect(notice!.email).toEqual({ status: 'sent', error: null });
    smtp.received.length = 0;
  });

  it('emails the founder’s digest', async () => {
    expect((await admin.get('/api/digests/subscription')).body.canEmail).toBe(true);
    expect(await withMailbox.app.get(DigestService).runDue()).toEqual({ sent: 1, failed: 0 });
    const { parsed } = await mailTo(FOUNDER.email);
    expect(parsed.from?.value).toEqual([{ name: 'Wholegrain', address: 'zeta@wholegrain.test' }]);
    expect(parsed.subject).toMatch(/digest/i);
    expect(parsed.text).toContain('Stop these digests: https://support.acme.example/api/digests/unsubscribe/');
    smtp.received.length = 0;
  });
});

describe('system mail with neither SMTP_URL nor a mailbox', () => {
  let admin: ApiClient;
  let grace: ApiClient;

  beforeAll(async () => {
    ({ admin, grace } = await prepare(withNothing));
    smtp.received.length = 0;
  });

  it('tells Settings plainly that nothing can be sent', async () => {
    expect((await admin.get('/api/system-mail')).body).toEqual({ via: 'none', mailbox: null });
    expect((await admin.get('/api/digests/subscription')).body.canEmail).toBe(false);
  });

  it('answers a password reset the same, without sending anything', async () => {
    const answer = await new ApiClient(withNothing.baseUrl).post('/api/password-reset', { email: GRACE.email });
    expect(answer.status).toBe(202);
    expect((await withNothing.database.pool.query('SELECT count(*)::int AS n FROM password_reset')).rows[0].n).toBe(0);
  });

  it('keeps the duty reminder in the person’s notices, not emailed', async () => {
    expect(await withNothing.app.get(DutyRemindersService).runDueReminders(clock.now())).toBe(1);
    expect(await withNothing.app.get(DutyRemindersService).sendDueEmails()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const notices = (await grace.get<NoticeDto[]>('/api/notices')).body;
    expect(notices.map((notice) => [notice.title, notice.email.status])).toEqual([[expect.stringMatching(/^You are on support on Tuesday/), 'skipped']]);
    const { rows } = await withNothing.database.pool.query(`SELECT email_error FROM notice WHERE kind = 'duty_reminder'`);
    expect(rows).toEqual([{ email_error: 'No SMTP_URL is set and no mailbox has SMTP settings, so Wholegrain cannot send email: the reminder is in the app only.' }]);
  });

  it('keeps the digest in the archive, not emailed', async () => {
    expect(await withNothing.app.get(DigestService).runDue()).toEqual({ sent: 0, failed: 1 });
    const archive = (await admin.get('/api/digests')).body;
    expect(archive).toHaveLength(1);
    expect(smtp.received).toHaveLength(0);
  });
});
