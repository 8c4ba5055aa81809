import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import type { DutyReportDto } from '../../api/src/reports/reports.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import type { Dovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';

/** Paris wall time in November (UTC+1) as an instant. */
const paris = (day: string, time: string) => new Date(`${day}T${time}:00+01:00`);

/**
 * A team sets its rotation up on Wednesday 18 November and, to line the turns up, gives it a first
 * day two weeks back (Monday 2nd). Nobody was on duty before the 18th: the report must not credit
 * those days (nor their mail, nor a fair share of them) to anybody, in the table, the per-person
 * and per-week figures, or the CSV; they read "no rotation".
 */
describe('duty report before the rotation existed', () => {
  const clock = new TestClock(paris('2026-11-18', '11:00'));
  let testApp: TestApp;
  let admin: ApiClient;
  let rotation: RotationDto;
  let report: DutyReportDto;
  const period = { from: '2026-11-02', to: '2026-11-29' };

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    const ada = (await admin.get('/api/session')).body.person.id as string;
    const ben = (await admin.post<PersonDto>('/api/people', { name: 'Ben', email: 'ben@wholegrain.test', password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/Paris' })).body.id;
    const mailbox = await createTestMailbox(testApp, { host: '127.0.0.1', port: 1 } as Dovecot, 'start', { password: 'not-used' });
    const created = await admin.post<RotationDto>('/api/rotations', {
      name: 'Support',
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5],
      startDate: '2026-11-02',
      handoffTime: '09:00',
      mailboxIds: [mailbox.id],
      members: [{ personId: ada }, { personId: ben }],
    });
    expect(created.status).toBe(201);
    rotation = created.body;

    // A customer on Wednesday 4th (answered the same day) and one on Thursday 19th, after the rotation began.
    const query = (sql: string, values: unknown[]) => testApp.database.pool.query(sql, values);
    for (const [customer, asked, answered] of [
      ['rosa', paris('2026-11-04', '10:00'), paris('2026-11-04', '11:00')],
      ['sam', paris('2026-11-19', '10:00'), paris('2026-11-19', '12:00')],
    ] as const) {
      const contact = (await query(`INSERT INTO contact (email, name) VALUES ($1, $2) RETURNING id`, [`${customer}@customer.example`, customer])).rows[0];
      const conversation = (
        await query(
          `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, preview)
           VALUES ($1, $2, 'Question', 'question', 'pending', $3, 2, ARRAY[$4], md5($4), 'Hello') RETURNING id`,
          [mailbox.id, contact.id, answered, `${customer}@customer.example`],
        )
      ).rows[0];
      for (const [direction, at] of [
        ['in', asked],
        ['out', answered],
      ] as const) {
        await query(
          `INSERT INTO message (conversation_id, mailbox_id, direction, kind, subject, received_at, text, new_text_start, new_text_end, thread_rule, from_address, send_status)
           VALUES ($1, $2, $3, 'email', 'Question', $4, 'Hello there, a question.', 0, 24, $5, $6, $7)`,
          [conversation.id, mailbox.id, direction, at, direction === 'in' ? 'new' : 'ours', direction === 'in' ? `${customer}@customer.example` : mailbox.address, direction === 'out' ? 'sent' : null],
        );
      }
    }
    clock.instant = new Date('2026-12-01T10:00:00Z');
    const response = await admin.get<DutyReportDto>(`/api/reports/duty?from=${period.from}&to=${period.to}`);
    expect(response.status).toBe(200);
    report = response.body;
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('gives the days before the rotation was created to nobody, and says so', () => {
    const before = report.days.filter((day) => day.date < '2026-11-18');
    expect(before).toHaveLength(16);
    for (const day of before) expect(day).toMatchObject({ beforeRotation: true, working: false, person: null, waitingAtHandoff: null });
    // Rosa's mail still shows on its day, credited to nobody; like a weekend, no duty time ran then.
    expect(report.days.find((day) => day.date === '2026-11-04')).toMatchObject({ beforeRotation: true, person: null, received: 1, answered: 1, firstResponseP50: 0 });
    // From the day it was created, the turns run as planned from the first day (Ada, Ben, …).
    const after = report.days.filter((day) => day.date >= '2026-11-18');
    expect(after.every((day) => !day.beforeRotation)).toBe(true);
    expect(after.filter((day) => day.working).every((day) => day.person !== null)).toBe(true);
    expect(report.days.find((day) => day.date === '2026-11-19')).toMatchObject({ working: true, received: 1, answered: 1, firstResponseP50: 2 * 3600 });
  });

  it('counts per person and per week only the days the rotation ran, fairness included', () => {
    const days = report.people.reduce((sum, row) => sum + row.days, 0);
    // Wednesday 18th to Friday 27th: eight working days, nothing from the two weeks before.
    expect(days).toBe(8);
    expect(report.people.reduce((sum, row) => sum + row.received, 0)).toBe(1);
    expect(report.people.reduce((sum, row) => sum + (row.fairness?.served ?? 0), 0)).toBe(8);
    for (const row of report.people) expect(row.fairness?.target).toBe(4);
    expect(report.weeks.map((week) => week.week)).toEqual(['2026-11-16', '2026-11-23']);
  });

  it('marks those days "no rotation" in the CSV, with nobody named', async () => {
    const csv = await admin.get<string>(`/api/reports/duty.csv?from=${period.from}&to=${period.to}`);
    const lines = csv.body.split('\r\n');
    expect(lines).toContain('2026-11-04,no rotation,,1,1,0,0,0,1,,0');
    expect(lines.find((line) => line.startsWith('2026-11-02,'))).toBe('2026-11-02,no rotation,,0,0,0,,,0,,0');
    expect(lines.find((line) => line.startsWith('2026-11-19,'))).toMatch(/^2026-11-19,yes,(Ada Founder|Ben),1,1,0,120,120,1,/);
    const weeks = await admin.get<string>(`/api/reports/duty.csv?from=${period.from}&to=${period.to}&table=weeks`);
    expect(weeks.body).not.toContain('2026-11-02,');
    expect(weeks.body).not.toContain('2026-11-09,');
  });

  it('also leaves the days before a first day still ahead at creation to nobody', async () => {
    // A second rotation created on 18 November to begin on Monday 23rd.
    clock.instant = paris('2026-11-18', '12:00');
    const later = await admin.post<RotationDto>('/api/rotations', { ...rotationFields(rotation), name: 'Later', startDate: '2026-11-23' });
    expect(later.status).toBe(201);
    clock.instant = new Date('2026-12-01T10:00:00Z');
    const response = await admin.get<DutyReportDto>(`/api/reports/duty?rotationId=${later.body.id}&from=${period.from}&to=${period.to}`);
    expect(response.status).toBe(200);
    expect(response.body.days.filter((day) => day.beforeRotation).map((day) => day.date)).toEqual(report.days.map((day) => day.date).filter((date) => date < '2026-11-23'));
    expect(response.body.people.reduce((sum, row) => sum + row.days, 0)).toBe(5);
  });
});

function rotationFields(rotation: RotationDto) {
  return {
    timeZone: rotation.timeZone,
    workingDays: rotation.workingDays,
    handoffTime: rotation.handoffTime,
    mailboxIds: [],
    members: rotation.members.map((member) => ({ personId: member.personId })),
  };
}
