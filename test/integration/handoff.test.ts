import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import type { MailboxDto } from '../../api/src/mailboxes/mailboxes.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { TestClock } from '../harness/clock.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { waitUntil } from '../harness/wait.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

describe('handoffs and routing to the person on duty', () => {
  // Saturday 28 March 2026, noon in Paris: a weekend, nobody on duty.
  const clock = new TestClock(new Date('2026-03-28T11:00:00Z'));
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let admin: ApiClient;
  let second: Awaited<ReturnType<typeof createApp>>;
  let mailbox: MailboxDto;
  const ids: Record<string, string> = {};
  const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;
  const assignees = async () =>
    (await query(`SELECT c.subject, p.name FROM conversation c LEFT JOIN person p ON p.id = c.assignee_id WHERE c.mailbox_id = $1 ORDER BY c.id`, [mailbox.id])).map(
      (row) => `${row.subject}: ${row.name ?? 'unassigned'}`,
    );

  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpReceiver()]);
    testApp = await startTestApp({ clock, config: { backgroundJobs: true, syncTickMs: 150, smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}` } });
    second = await createApp({ config: testApp.config, databaseUrl: testApp.database.url, clock });
    await second.init();
    await dovecot.addUser('duty', SHARED_PASSWORD);
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    ids.grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'Europe/Paris' })).body.id;
    mailbox = (
      await admin.post<MailboxDto>('/api/mailboxes', {
        name: 'Duty',
        address: 'duty@wholegrain.test',
        imap: { host: dovecot.host, port: dovecot.port, tls: false, user: 'duty', password: SHARED_PASSWORD },
        smtp: { host: '127.0.0.1', port: 2525, tls: false, user: 'duty', password: SHARED_PASSWORD },
        pollIntervalSeconds: 15,
      })
    ).body;
    // The test clock is in March; the database's now() is not: make the mailbox due by the test clock.
    await testApp.database.pool.query(`UPDATE mailbox SET next_sync_at = '2000-01-01'`);
    // Monday 23 March starts: Ada, Grace, Ada, Grace, Ada; Monday 30 March is Grace's.
    await admin.post<RotationDto>('/api/rotations', {
      name: 'Support',
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5],
      startDate: '2026-03-23',
      handoffTime: '09:00',
      mailboxIds: [mailbox.id],
      members: [{ personId: ids.ada }, { personId: ids.grace }],
    });
  });
  afterAll(async () => {
    await second?.close();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('leaves weekend mail unassigned when nobody is on duty', async () => {
    await dovecot.deliver('duty', [buildInboundEmail({ subject: 'Weekend one' }), buildInboundEmail({ subject: 'Weekend two', from: 'bob@customer.example' })]);
    clock.instant = new Date('2026-03-28T11:05:00Z'); // the next poll is due
    await waitUntil(async () => (await assignees()).length === 2);
    expect(await assignees()).toEqual(['Weekend one: unassigned', 'Weekend two: unassigned']);
  });

  it('does not hand off before 09:00 Paris on Monday (the night clocks went forward)', async () => {
    clock.instant = new Date('2026-03-30T06:55:00Z'); // 08:55 CEST
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await query(`SELECT * FROM duty_handoff`)).toEqual([]);
  });

  it('hands off at 09:00 exactly once with two API processes, giving the open conversations to the person on duty', async () => {
    clock.instant = new Date('2026-03-30T07:00:30Z'); // 09:00:30 CEST
    await waitUntil(async () => (await query(`SELECT * FROM duty_handoff`)).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const handoffs = await query(`SELECT duty_date, person_id, assigned_count FROM duty_handoff`);
    expect(handoffs).toEqual([{ duty_date: '2026-03-30', person_id: ids.grace, assigned_count: 2 }]);
    expect(await assignees()).toEqual(['Weekend one: Grace', 'Weekend two: Grace']);
  });

  it('reminds the next working day’s person once, by email and in the app, from the handoff time on', async () => {
    // Monday's handoff has run (previous test): Tuesday 31 March is Ada's.
    await waitUntil(async () => smtp.received.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['ada@wholegrain.test']);
    const raw = mail.raw.toString('utf8');
    expect(raw).toMatch(/^Subject: You are on support on Tuesday 31 March$/m);
    expect(raw).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(raw).toMatch(/^X-Auto-Response-Suppress: All$/m);
    const notices = await admin.get('/api/notices');
    expect(notices.body).toEqual([expect.objectContaining({ title: 'You are on support on Tuesday 31 March', readAt: null })]);
    expect((await admin.post(`/api/notices/${notices.body[0].id}/read`)).status).toBe(204);
    expect((await admin.get('/api/notices')).body[0].readAt).not.toBeNull();
  });

  it('assigns a conversation arriving mid-day to the person on duty', async () => {
    clock.instant = new Date('2026-03-30T12:00:00Z');
    await dovecot.deliver('duty', [buildInboundEmail({ subject: 'Monday lunch', from: 'carol@customer.example' })]);
    await waitUntil(async () => (await assignees()).length === 3);
    expect((await assignees())[2]).toBe('Monday lunch: Grace');
  });
});
