import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import type { DutyReportDto } from '../../api/src/reports/reports.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { REPORT_MONTH, seedDutyMonth } from '../harness/duty-report-seed.js';

/**
 * The report plans its duty days once per rotation version and period (the plan is kept between
 * requests). Each edit an admin makes to the rotation must show in the very next report over the
 * same period: a new order, an override and its revocation, a holiday. Days already begun stay.
 */
describe('duty report follows rotation edits at once', () => {
  // Tuesday 1 December 2026, 11:00 Paris: duty days from Wednesday 2nd can still be re-planned.
  const clock = new TestClock(REPORT_MONTH.now);
  const period = { from: '2026-11-23', to: '2026-12-11' };
  let testApp: TestApp;
  let admin: ApiClient;
  let rotation: RotationDto;
  let people: Record<'ada' | 'ben' | 'cleo', string>;

  const onDuty = async () => {
    const response = await admin.get<DutyReportDto>(`/api/reports/duty?rotationId=${rotation.id}&from=${period.from}&to=${period.to}`);
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.days.map((day) => [day.date, day.person?.name ?? null]));
  };
  const pastDays = (days: Record<string, string | null>) => Object.fromEntries(Object.entries(days).filter(([date]) => date <= '2026-12-01'));

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    ({ rotation, people } = await seedDutyMonth(testApp, admin));
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('shows a new member order, an override, its revocation and a holiday in the next report', async () => {
    const before = await onDuty();
    expect(await onDuty()).toEqual(before); // the second report comes from the kept plan, unchanged
    // Ada → Ben → Cleo from Monday 2 November: Wednesday 2 December is Ben's, Thursday 3rd Cleo's.
    expect(before).toMatchObject({ '2026-12-02': 'Ben', '2026-12-03': 'Cleo', '2026-12-04': 'Ada Founder', '2026-12-05': null });

    // Ben leaves the rotation from Wednesday: Ada and Cleo share the days.
    const edited = await admin.patch(`/api/rotations/${rotation.id}`, { members: [{ personId: people.ada }, { personId: people.cleo }] });
    expect(edited.status).toBe(200);
    const afterEdit = await onDuty();
    expect(pastDays(afterEdit)).toEqual(pastDays(before));
    const future = Object.entries(afterEdit).filter(([date, name]) => date >= '2026-12-02' && name !== null);
    expect(future.length).toBeGreaterThan(0);
    expect(future.map(([, name]) => name)).not.toContain('Ben');
    expect(afterEdit).not.toEqual(before);

    // An override gives Thursday 10th to the other of the two; revoked, the day goes back.
    const thursday = afterEdit['2026-12-10'];
    const [other, otherName] = thursday === 'Cleo' ? [people.ada, 'Ada Founder'] : [people.cleo, 'Cleo'];
    const override = await admin.post<{ id: string }>(`/api/rotations/${rotation.id}/changes`, { kind: 'override', role: 'primary', personId: other, from: '2026-12-10', to: '2026-12-10', reason: 'Covering' });
    expect(override.status).toBe(201);
    expect((await onDuty())['2026-12-10']).toBe(otherName);
    expect((await admin.delete(`/api/rotations/${rotation.id}/changes/${override.body.id}`)).status).toBe(204);
    expect((await onDuty())['2026-12-10']).toBe(thursday);

    // A holiday on Tuesday 8th: nobody on duty that day, and it shows in the report.
    expect((await admin.patch(`/api/rotations/${rotation.id}`, { holidays: ['2026-12-08'] })).status).toBe(200);
    const holiday = await admin.get<DutyReportDto>(`/api/reports/duty?rotationId=${rotation.id}&from=${period.from}&to=${period.to}`);
    expect(holiday.body.days.find((day) => day.date === '2026-12-08')).toMatchObject({ working: false, person: null });
    expect(pastDays(Object.fromEntries(holiday.body.days.map((day) => [day.date, day.person?.name ?? null])))).toEqual(pastDays(before));
  });
});
