import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../api/src/reports/reports-csv.js';
import type { DutyReportDto } from '../../api/src/reports/reports.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { REPORT_MONTH, seedDutyMonth } from '../harness/duty-report-seed.js';

const HOUR = 3600;

describe('duty report over a seeded month', () => {
  const clock = new TestClock(REPORT_MONTH.now);
  let testApp: TestApp;
  let admin: ApiClient;
  let report: DutyReportDto;
  let people: Record<'ada' | 'ben' | 'cleo', string>;

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    ({ people } = await seedDutyMonth(testApp, admin));
    const response = await admin.get<DutyReportDto>(`/api/reports/duty?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}`);
    expect(response.status).toBe(200);
    report = response.body;
  });
  afterAll(async () => {
    await testApp?.close();
  });

  const day = (date: string) => {
    const found = report.days.find((entry) => entry.date === date);
    if (!found) throw new Error(`no ${date}`);
    expect(found.beforeRotation).toBe(false); // the rotation was created before its first day, 2 November
    const { date: _date, working: _working, beforeRotation: _beforeRotation, ...rest } = found;
    return { ...rest, person: found.person?.name ?? null };
  };

  it('counts each duty day for the person on duty: received, answered, closed, first response in duty time, waiting at handoff, quotes', () => {
    expect(report.days).toHaveLength(28);
    expect(report.rotation).toMatchObject({ name: 'Support', timeZone: 'Europe/Paris', handoffTime: '09:00' });
    // Ada's Monday: C1 answered in 1 h 30 and closed, C2 answered the next morning after 19 h, still waiting at her handoff.
    expect(day('2026-11-02')).toEqual({
      person: 'Ada Founder', received: 2, answered: 1, closed: 1,
      firstResponseP50: 10.25 * HOUR, firstResponseP90: 17.25 * HOUR, firstResponses: 2, waitingAtHandoff: 1, quotesPinned: 1,
    });
    // Ben's Tuesday: C5 (two mails, never answered) is received, C2 answered; spam and bulk mail count nowhere.
    expect(day('2026-11-03')).toEqual({
      person: 'Ben', received: 1, answered: 1, closed: 0, firstResponseP50: null, firstResponseP90: null, firstResponses: 0, waitingAtHandoff: 1, quotesPinned: 0,
    });
    expect(day('2026-11-04')).toMatchObject({ person: 'Cleo', received: 0, answered: 0, closed: 1, waitingAtHandoff: 0 });
    // Ben's Friday hands off on Monday morning: C3 (Friday evening) and C4 (Saturday) are waiting then.
    expect(day('2026-11-06')).toMatchObject({ person: 'Ben', received: 1, firstResponseP50: 14 * HOUR, waitingAtHandoff: 2 });
    // Saturday: nobody on duty, no handoff; C4's answer on Monday 09:30 took 30 minutes of duty time.
    expect(day('2026-11-07')).toMatchObject({ person: null, received: 1, firstResponseP50: 0.5 * HOUR, waitingAtHandoff: null });
    expect(day('2026-11-09')).toMatchObject({ person: 'Cleo', received: 0, answered: 2 });
    // The override: Cleo, not Ada, on Tuesday 10th; C8 (begun in October) is answered, not received.
    expect(day('2026-11-10')).toMatchObject({ person: 'Cleo', received: 0, answered: 1, waitingAtHandoff: 0 });
    // C10's first reply failed to send: not an answer, the customer still waiting at Cleo's handoff.
    expect(day('2026-11-12')).toMatchObject({ person: 'Cleo', received: 1, answered: 0, firstResponseP50: 24 * HOUR, waitingAtHandoff: 1 });
    expect(day('2026-11-13')).toMatchObject({ person: 'Ada Founder', answered: 1 });
    const totals = report.days.reduce((sum, entry) => sum + entry.received, 0);
    expect(totals).toBe(6);
  });

  it('sums each person over the period with percentiles of their own first responses and the fairness figures', () => {
    const byName = Object.fromEntries(report.people.map((row) => [row.person.name, row]));
    expect(Object.keys(byName).sort()).toEqual(['Ada Founder', 'Ben', 'Cleo']);
    expect(byName['Ada Founder']).toMatchObject({
      person: { id: people.ada }, days: 6, received: 2, answered: 2, closed: 1, firstResponseP50: 10.25 * HOUR, firstResponseP90: 17.25 * HOUR, firstResponses: 2, waitingAtHandoff: 1, quotesPinned: 1,
      fairness: { served: 6, target: 6.7, label: '−10 % of target' },
    });
    expect(byName.Ben).toMatchObject({
      days: 7, received: 2, answered: 1, closed: 0, firstResponseP50: 14 * HOUR, firstResponseP90: 14 * HOUR, firstResponses: 1, waitingAtHandoff: 3, quotesPinned: 0,
      fairness: { served: 7, target: 6.7, label: '+5 % of target' },
    });
    expect(byName.Cleo).toMatchObject({
      days: 7, received: 1, answered: 3, closed: 1, firstResponseP50: 24 * HOUR, firstResponses: 1, waitingAtHandoff: 1,
      fairness: { served: 7, target: 6.7, label: '+5 % of target' },
    });
  });

  it('gives each ISO week per person with that week’s fairness', () => {
    expect(report.weeks.map((week) => week.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    const first = Object.fromEntries(report.weeks[0]!.people.map((row) => [row.person.name, row]));
    expect(first['Ada Founder']).toMatchObject({ days: 2, received: 2, answered: 1, waitingAtHandoff: 1, firstResponseP50: 10.25 * HOUR, fairness: { served: 2, target: 1.7, label: '+20 % of target' } });
    expect(first.Ben).toMatchObject({ days: 2, received: 2, answered: 1, waitingAtHandoff: 3, fairness: { served: 2, label: '+20 % of target' } });
    expect(first.Cleo).toMatchObject({ days: 1, closed: 1, fairness: { served: 1, label: '−40 % of target' } });
    const second = Object.fromEntries(report.weeks[1]!.people.map((row) => [row.person.name, row]));
    expect(second.Cleo).toMatchObject({ days: 3, answered: 3, received: 1, fairness: { served: 3, label: '+80 % of target' } });
    expect(second['Ada Founder']).toMatchObject({ days: 1, answered: 1, fairness: { served: 1, label: '−40 % of target' } });
  });

  it('exports the days and the weeks as CSV', async () => {
    const response = await admin.get<string>(`/api/reports/duty.csv?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="duty-days-2026-11-02-to-2026-11-29.csv"');
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('date,working_day,person,received,answered,closed,first_response_p50_minutes,first_response_p90_minutes,first_responses,waiting_at_handoff,quotes_pinned');
    expect(lines[1]).toBe('2026-11-02,yes,Ada Founder,2,1,1,615,1035,2,1,1');
    expect(lines[6]).toBe('2026-11-07,no,,1,0,0,30,30,1,,0');
    expect(lines).toHaveLength(30); // header, 28 days, the empty string after the last CRLF

    const weeks = await admin.get<string>(`/api/reports/duty.csv?from=${REPORT_MONTH.from}&to=${REPORT_MONTH.to}&table=weeks`);
    const rows = weeks.body.trim().split('\r\n');
    expect(rows[0]).toBe('week,person,duty_days,received,answered,closed,first_response_p50_minutes,first_response_p90_minutes,first_responses,waiting_at_handoff,quotes_pinned,primary_days_served,primary_days_target,percent_against_target');
    expect(rows).toContain('2026-11-02,Ben,2,2,1,0,840,840,1,3,0,2,1.7,20');
    expect(rows).toContain('all,Cleo,7,1,3,1,1440,1440,1,1,0,7,6.7,5');
  });

  it('answers a bad period with a 400 that says what to fix, and needs a session', async () => {
    const backwards = await admin.get(`/api/reports/duty?from=2026-11-29&to=2026-11-02`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toContain('"from" must not be after "to"');
    const tooLong = await admin.get(`/api/reports/duty?from=2025-01-01&to=2026-11-02`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('at most 366 days');
    expect((await admin.get(`/api/reports/duty?from=2026-02-30&to=2026-03-02`)).status).toBe(400);
    expect((await fetch(`${testApp.baseUrl}/api/reports/duty.csv`)).status).toBe(401);
    // A name a spreadsheet would run as a formula stays text.
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});
