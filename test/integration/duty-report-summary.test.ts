import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, handoffInstant, parseCivilDate } from '../../rotation/src/index.js';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import { type FigureRow, LOOK_AROUND_DAYS, ReportsRepository } from '../../api/src/reports/reports.repository.js';
import type { DutyReportDto } from '../../api/src/reports/reports.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { directFigures } from '../harness/direct-duty-report.js';
import { REPORT_MONTH, seedDutyMonth } from '../harness/duty-report-seed.js';

const HOUR = 3600;
/** Paris wall time in November (UTC+1) as an instant. */
const paris = (day: string, time: string) => new Date(`${day}T${time}:00+01:00`);

/**
 * The duty report reads its customer mail from the customer_wait summary, kept by triggers on
 * "message". Each change below (mail arriving late with an older date, a close then a reopen, a
 * merge) must move the report's figures the way a person would expect, and leave them equal to
 * the direct computation over the messages (the report as it was before the summary).
 */
describe('duty report summary stays exact', () => {
  const clock = new TestClock(REPORT_MONTH.now);
  let testApp: TestApp;
  let admin: ApiClient;
  let rotation: RotationDto;
  let mailboxAddress: string;

  const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;

  const report = async () => {
    const response = await admin.get<DutyReportDto>(`/api/reports/duty?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const day = (body: DutyReportDto, date: string) => {
    const found = body.days.find((entry) => entry.date === date);
    if (!found) throw new Error(`no ${date}`);
    return found;
  };

  /** The report's rows from the summary and from the messages directly, for the same period, plan and now. */
  const expectSameAsDirect = async () => {
    const calendar = (await admin.get(`/api/rotations/${rotation.id}/calendar?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}`)).body as { days: { date: string; primary: { personId: string } | null }[] };
    const times = { timeZone: rotation.timeZone, handoffTime: rotation.handoffTime };
    const reportQuery = {
      mailboxIds: rotation.mailboxIds,
      timeZone: rotation.timeZone,
      handoffTime: rotation.handoffTime,
      from: REPORT_MONTH.from,
      to: REPORT_MONTH.to,
      workingDays: rotation.workingDays,
      holidays: rotation.holidays,
      startDate: rotation.startDate,
      duty: calendar.days.filter((entry) => entry.primary).map((entry) => ({ date: entry.date, personId: entry.primary!.personId })),
      now: clock.instant,
      readFrom: handoffInstant(times, addDays(parseCivilDate(REPORT_MONTH.from), -LOOK_AROUND_DAYS)),
      readTo: handoffInstant(times, addDays(parseCivilDate(REPORT_MONTH.to), LOOK_AROUND_DAYS + 1)),
    };
    const rounded = (rows: FigureRow[]) => rows.map((row) => ({ ...row, p50: row.p50 === null ? null : Math.round(row.p50), p90: row.p90 === null ? null : Math.round(row.p90) }));
    const fromSummary = rounded(await testApp.app.get(ReportsRepository).figures(reportQuery));
    expect(fromSummary.filter((row) => row.level === 'day')).toHaveLength(28);
    expect(fromSummary).toEqual(rounded(await directFigures(testApp.database.pool, reportQuery)));
  };

  /** A conversation written as ingestion and replies leave it: customer mail, our replies, closing. */
  const conversation = async (customer: string, events: [Date, 'in' | 'out' | 'closed'][], status = 'pending') => {
    const contact =
      (await query(`SELECT id FROM contact WHERE email = $1`, [`${customer}@customer.example`])).at(0) ??
      (await query(`INSERT INTO contact (email, name) VALUES ($1, $2) RETURNING id`, [`${customer}@customer.example`, customer]))[0];
    const [row] = await query(
      `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, preview)
       VALUES ($1, $2, $3, lower($3), $4, $5, 0, ARRAY[$6], md5($3 || random()::text), 'Hello') RETURNING id::text`,
      [rotation.mailboxIds[0], contact.id, `Question from ${customer}`, status, events.at(-1)![0], `${customer}@customer.example`],
    );
    for (const [at, what] of events) await mail(row.id, customer, at, what);
    return row.id as string;
  };
  const mail = async (conversationId: string, customer: string, at: Date, what: 'in' | 'out' | 'closed') => {
    const text = what === 'in' ? `Hello, this is ${customer} again.` : what === 'closed' ? 'Closed.' : 'Thanks, here is the answer.';
    await query(
      `INSERT INTO message (conversation_id, mailbox_id, direction, kind, subject, received_at, text, new_text_start, new_text_end, thread_rule, from_address, send_status, activity)
       VALUES ($1, $2, $3, $4, 'Question', $5, $6, 0, length($6), $7, $8, $9, $10)`,
      [
        conversationId,
        rotation.mailboxIds[0],
        what === 'in' ? 'in' : 'out',
        what === 'closed' ? 'activity' : 'email',
        at,
        text,
        what === 'in' ? 'new' : 'ours',
        what === 'in' ? `${customer}@customer.example` : mailboxAddress,
        what === 'out' ? 'sent' : null,
        what === 'closed' ? JSON.stringify({ type: 'status', from: 'pending', to: 'closed', snoozedUntil: null }) : null,
      ],
    );
  };

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    ({ rotation } = await seedDutyMonth(testApp, admin));
    [{ address: mailboxAddress }] = await query(`SELECT address FROM mailbox WHERE id = $1`, [rotation.mailboxIds[0]]);
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('counts mail that arrives late with an older date: a new conversation on its day, a customer writing again after the close', async () => {
    await expectSameAsDirect();
    const before = await report();
    expect(day(before, '2026-11-04')).toMatchObject({ received: 0, answered: 0, closed: 1, firstResponses: 0 });
    expect(day(before, '2026-11-02').waitingAtHandoff).toBe(1);

    // Synced today, written on Wednesday 4th: a question at 14:00 answered at 15:00.
    await conversation('late', [
      [paris('2026-11-04', '14:00'), 'in'],
      [paris('2026-11-04', '15:00'), 'out'],
    ]);
    // Carla wrote again on Monday 2nd at 12:30, after her conversation was closed; the mail arrives only now.
    const [c1] = await query(`SELECT c.id::text FROM conversation c JOIN contact ct ON ct.id = c.contact_id WHERE ct.email = 'carla@customer.example'`);
    await mail(c1.id, 'carla', paris('2026-11-02', '12:30'), 'in');

    const after = await report();
    expect(day(after, '2026-11-04')).toMatchObject({ received: 1, answered: 1, closed: 1, firstResponses: 1, firstResponseP50: 1 * HOUR });
    // Nobody answered Carla's second mail: she is waiting at Ada's handoff, and at every one after.
    expect(day(after, '2026-11-02').waitingAtHandoff).toBe(2);
    expect(day(after, '2026-11-20').waitingAtHandoff).toBe(day(before, '2026-11-20').waitingAtHandoff! + 1);
    await expectSameAsDirect();
  });

  it('ends a wait when the conversation is closed, and a reopen neither counts a second closing nor starts a wait', async () => {
    clock.instant = paris('2026-11-27', '12:00');
    const before = await report();
    // Monday 23rd 10:00: a customer asks and nobody answers.
    const id = await conversation('lena', [[paris('2026-11-23', '10:00'), 'in']], 'open');
    clock.instant = paris('2026-11-25', '12:00');
    expect((await admin.patch(`/api/conversations/${id}`, { status: 'closed' })).status).toBe(200);
    clock.instant = paris('2026-11-25', '12:10');
    expect((await admin.patch(`/api/conversations/${id}`, { status: 'open' })).status).toBe(200);
    clock.instant = paris('2026-11-27', '12:00');

    const after = await report();
    expect(day(after, '2026-11-23').received).toBe(day(before, '2026-11-23').received + 1);
    expect(day(after, '2026-11-25').closed).toBe(day(before, '2026-11-25').closed + 1);
    // Waiting at the handoffs of Tuesday 24th and Wednesday 25th (09:00), no longer at Thursday's.
    expect(day(after, '2026-11-23').waitingAtHandoff).toBe(day(before, '2026-11-23').waitingAtHandoff! + 1);
    expect(day(after, '2026-11-24').waitingAtHandoff).toBe(day(before, '2026-11-24').waitingAtHandoff! + 1);
    expect(day(after, '2026-11-25').waitingAtHandoff).toBe(day(before, '2026-11-25').waitingAtHandoff);
    await expectSameAsDirect();
  });

  it('forgets a close taken back at once (Undo): no closing counted, no close or reopen in the thread', async () => {
    clock.instant = paris('2026-11-27', '12:00');
    const before = await report();
    const id = await conversation('mira', [[paris('2026-11-26', '10:00'), 'in']], 'open');
    clock.instant = paris('2026-11-26', '14:00');
    expect((await admin.patch(`/api/conversations/${id}`, { status: 'closed' })).status).toBe(200);
    clock.instant = new Date(paris('2026-11-26', '14:00').getTime() + 8_000);
    const undone = await admin.patch<ConversationDto>(`/api/conversations/${id}`, { status: 'open' });
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('open');
    expect(undone.body.messages.filter((message) => message.kind === 'activity')).toEqual([]);
    clock.instant = paris('2026-11-27', '12:00');
    const after = await report();
    expect(day(after, '2026-11-26').closed).toBe(day(before, '2026-11-26').closed);
    // Still waiting at Friday's 09:00 handoff: the customer's wait did not end with the close that was taken back.
    expect(day(after, '2026-11-26').waitingAtHandoff).toBe(day(before, '2026-11-26').waitingAtHandoff! + 1);
    await expectSameAsDirect();
  });

  it('counts a conversation answered twice in a day once that day, again the next day; spam and back out of it moves the counts both ways', async () => {
    clock.instant = REPORT_MONTH.now;
    const before = await report();
    const id = await conversation('noor', [
      [paris('2026-11-18', '10:00'), 'in'],
      [paris('2026-11-18', '10:30'), 'out'],
      [paris('2026-11-18', '15:00'), 'in'],
      [paris('2026-11-18', '16:00'), 'out'],
      // Thursday 08:30 is still Wednesday's duty (handoff 09:00); 09:30 is Thursday's.
      [paris('2026-11-19', '08:20'), 'in'],
      [paris('2026-11-19', '08:30'), 'out'],
      [paris('2026-11-19', '09:10'), 'in'],
      [paris('2026-11-19', '09:30'), 'out'],
      [paris('2026-11-19', '10:00'), 'closed'],
    ]);
    const after = await report();
    expect(day(after, '2026-11-18')).toMatchObject({ received: day(before, '2026-11-18').received + 1, answered: day(before, '2026-11-18').answered + 1 });
    expect(day(after, '2026-11-19')).toMatchObject({ answered: day(before, '2026-11-19').answered + 1, closed: day(before, '2026-11-19').closed + 1 });
    await expectSameAsDirect();

    expect((await admin.patch(`/api/conversations/${id}`, { status: 'spam' })).status).toBe(200);
    const spam = await report();
    expect(day(spam, '2026-11-18')).toMatchObject({ received: day(before, '2026-11-18').received, answered: day(before, '2026-11-18').answered });
    expect(day(spam, '2026-11-19').answered).toBe(day(before, '2026-11-19').answered);
    await expectSameAsDirect();
    expect((await admin.patch(`/api/conversations/${id}`, { status: 'open' })).status).toBe(200);
    const back = await report();
    expect(day(back, '2026-11-18')).toMatchObject({ received: day(after, '2026-11-18').received, answered: day(after, '2026-11-18').answered });
    await expectSameAsDirect();
  });

  it('counts only replies to a customer as answered: not the first mail of a conversation we began, nor a follow-up nobody asked for', async () => {
    clock.instant = REPORT_MONTH.now;
    const before = await report();
    // Monday 16th we write first (an outbound new conversation); Tuesday the customer answers and we reply;
    // Wednesday we follow up with nothing new from them.
    await conversation('olga', [
      [paris('2026-11-16', '10:00'), 'out'],
      [paris('2026-11-17', '10:00'), 'in'],
      [paris('2026-11-17', '11:00'), 'out'],
      [paris('2026-11-18', '10:00'), 'out'],
    ]);
    const after = await report();
    // Our first mail answered nobody, and a conversation we began is not received: no first response either.
    expect(day(after, '2026-11-16')).toMatchObject({
      received: day(before, '2026-11-16').received,
      answered: day(before, '2026-11-16').answered,
      firstResponses: day(before, '2026-11-16').firstResponses,
    });
    // Our reply to the customer's mail answers them (still no first response: they did not begin it).
    expect(day(after, '2026-11-17')).toMatchObject({
      received: day(before, '2026-11-17').received,
      answered: day(before, '2026-11-17').answered + 1,
      firstResponses: day(before, '2026-11-17').firstResponses,
      firstResponseP50: day(before, '2026-11-17').firstResponseP50,
    });
    expect(day(after, '2026-11-18').answered).toBe(day(before, '2026-11-18').answered);
    // Over the month and per person: one conversation answered, once.
    const answered = (body: DutyReportDto) => body.people.reduce((sum, row) => sum + row.answered, 0);
    expect(answered(after)).toBe(answered(before) + 1);
    await expectSameAsDirect();
  });

  it('counts a merged conversation once: the absorbed one is no longer received, its reply still answered', async () => {
    clock.instant = REPORT_MONTH.now;
    const older = await conversation('kim', [
      [paris('2026-11-16', '10:00'), 'in'],
      [paris('2026-11-16', '11:00'), 'out'],
    ]);
    const newer = await conversation('kim', [
      [paris('2026-11-17', '10:00'), 'in'],
      [paris('2026-11-17', '14:00'), 'out'],
    ]);
    const before = await report();
    await expectSameAsDirect();

    const merged = await admin.post(`/api/conversations/${older}/merge`, { otherId: newer });
    expect(merged.status).toBe(201);
    const after = await report();
    expect(day(after, '2026-11-16')).toMatchObject({ received: day(before, '2026-11-16').received, answered: day(before, '2026-11-16').answered });
    expect(day(after, '2026-11-17').received).toBe(day(before, '2026-11-17').received - 1);
    expect(day(after, '2026-11-17').firstResponses).toBe(day(before, '2026-11-17').firstResponses - 1);
    expect(day(after, '2026-11-17').answered).toBe(day(before, '2026-11-17').answered);
    await expectSameAsDirect();

    // Spam leaves the whole merged conversation out.
    expect((await admin.patch(`/api/conversations/${older}`, { status: 'spam' })).status).toBe(200);
    const spam = await report();
    expect(day(spam, '2026-11-16').received).toBe(day(before, '2026-11-16').received - 1);
    expect(day(spam, '2026-11-17').answered).toBe(day(before, '2026-11-17').answered - 1);
    await expectSameAsDirect();
  });
});
