import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DutyRemindersService } from '../../api/src/duty/duty-reminders.service.js';
import type { NoticeDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

describe('duty reminders that arrive', () => {
  // Tuesday 24 March, 11:00 in Paris: past the handoff, so Wednesday's people are reminded.
  const clock = new TestClock(new Date('2026-03-24T10:00:00Z'));
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let admin: ApiClient;
  let grace: ApiClient;
  let reminders: DutyRemindersService;
  const ids: Record<string, string> = {};
  const later = (seconds: number) => {
    clock.instant = new Date(clock.instant.getTime() + seconds * 1000);
  };
  const rotation = (name: string, members: string[]) =>
    admin.post('/api/rotations', { name, timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], startDate: '2026-03-23', members: members.map((personId) => ({ personId })) });

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    testApp = await startTestApp({ clock, config: { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}` } });
    reminders = testApp.app.get(DutyRemindersService);
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    ids.grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'Europe/Paris' })).body.id;
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', 'a long first password');
  });
  afterAll(async () => {
    await testApp?.close();
    await smtp?.stop();
  });

  it('retries a reminder email with backoff after temporary failures, and sends it once', async () => {
    // Monday Ada, Tuesday Grace, Wednesday Ada.
    expect((await rotation('Support', [ids.ada!, ids.grace!])).status).toBe(201);
    smtp.failNext(421, 451);
    expect(await reminders.runDueReminders(clock.now())).toBe(1);
    expect(smtp.received).toHaveLength(0);
    // Not before its time: the first retry waits 30 seconds.
    later(10);
    expect(await reminders.sendDueEmails()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    later(25);
    expect(await reminders.sendDueEmails()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    later(61);
    expect(await reminders.sendDueEmails()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['ada@wholegrain.test']]);
    later(3_600);
    expect(await reminders.runDueReminders(clock.now())).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const [notice] = (await admin.get<NoticeDto[]>('/api/notices')).body;
    expect(notice!.email).toEqual({ status: 'sent', error: null });
  });

  it('gives up on a refused address and says so in the person’s notices', async () => {
    // Grace first: she is on duty on Wednesday in this rotation.
    expect((await rotation('Second line', [ids.grace!, ids.ada!])).status).toBe(201);
    smtp.failNext(550);
    expect(await reminders.runDueReminders(clock.now())).toBe(1);
    const [notice] = (await grace.get<NoticeDto[]>('/api/notices')).body;
    expect(notice!.email.status).toBe('failed');
    expect(notice!.email.error).toMatch(/Mailbox unavailable|550/);
    later(7_200);
    expect(await reminders.sendDueEmails()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });
});
