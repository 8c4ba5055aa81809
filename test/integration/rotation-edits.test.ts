import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDto, DutyChangeDto, DutyNowDto, FairnessDto, RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { TestClock } from '../harness/clock.js';
import { startTestApp, type TestApp } from '../harness/app.js';

// An edited rotation re-plans only the days that have not begun: the past, its ledger and fairness stay.
describe('editing a rotation that has begun', () => {
  // Wednesday 18 March 2026, 10:00 in Berlin: Wednesday's duty has begun.
  const clock = new TestClock(new Date('2026-03-18T09:00:00Z'));
  let testApp: TestApp;
  let admin: ApiClient;
  let grace: ApiClient;
  let rotation: RotationDto;
  const ids: Record<string, string> = {};

  const primaries = (calendar: CalendarDto) =>
    calendar.days.filter((day) => day.working).map((day) => `${day.date.slice(5)} ${day.primary ? `${day.primary.name}${day.primary.provenance === 'rotation' ? '' : ` (${day.primary.provenance})`}` : '-'}`);
  const calendar = async (from: string, to: string) => (await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=${from}&to=${to}`)).body;
  const past = async () => ({
    calendar: await calendar('2026-03-02', '2026-03-18'),
    fairness: (await admin.get<FairnessDto>(`/api/rotations/${rotation.id}/fairness?from=2026-03-02&to=2026-03-18`)).body,
  });

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    for (const [key, name] of [
      ['grace', 'Grace'],
      ['linus', 'Linus'],
      ['mia', 'Mia'],
    ] as const) {
      ids[key] = (await admin.post<PersonDto>('/api/people', { name, email: `${key}@wholegrain.test`, password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/London' })).body.id;
    }
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', 'a long first password');
    rotation = (
      await admin.post<RotationDto>('/api/rotations', {
        name: 'Support',
        timeZone: 'Europe/Berlin',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2026-03-02',
        members: [{ personId: ids.ada }, { personId: ids.grace }, { personId: ids.linus }],
      })
    ).body;
    // Grace was away on Wednesday 11 March: Linus covered, and the ledger says so.
    await admin.post(`/api/rotations/${rotation.id}/changes`, { kind: 'absence', personId: ids.grace, from: '2026-03-11', to: '2026-03-11', reason: 'Flu' });
    // Made before the edit: Linus takes Monday 23 March, Grace Tuesday 24 March.
    await admin.post(`/api/rotations/${rotation.id}/changes`, { kind: 'override', personId: ids.linus, from: '2026-03-23', to: '2026-03-23', reason: 'Linus asked' });
    await admin.post(`/api/rotations/${rotation.id}/changes`, { kind: 'override', personId: ids.grace, from: '2026-03-24', to: '2026-03-24', reason: 'Launch' });
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('says which day an edit can re-plan from: the day after the duty day running now', async () => {
    expect((await admin.get<RotationDto>(`/api/rotations/${rotation.id}`)).body.editableFrom).toBe('2026-03-19');
    expect(primaries(await calendar('2026-03-16', '2026-03-24'))).toEqual([
      '03-16 Grace',
      '03-17 Linus',
      '03-18 Ada Founder',
      '03-19 Grace',
      '03-20 Linus',
      '03-23 Linus (override)',
      '03-24 Grace (override)',
    ]);
  });

  it('a new hire joins at the chosen place and a leaver is removed from the future; the past, the ledger and fairness stay as they were', async () => {
    const before = await past();
    const onDuty = (await admin.get<DutyNowDto[]>('/api/duty/now')).body[0]!.primary;
    expect(before.calendar.ledger).toEqual([{ date: '2026-03-11', role: 'primary', absentPersonId: ids.grace, coveredBy: ids.linus }]);

    // Mia joins after Ada; Linus leaves; the handoff moves to 10:00.
    const edited = await admin.patch<RotationDto>(`/api/rotations/${rotation.id}`, {
      members: [{ personId: ids.ada }, { personId: ids.mia }, { personId: ids.grace }],
      handoffTime: '10:00',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ replannedFrom: '2026-03-19', handoffTime: '10:00', members: [{ name: 'Ada Founder' }, { name: 'Mia' }, { name: 'Grace' }] });

    expect(await past()).toEqual(before);
    expect((await admin.get<DutyNowDto[]>('/api/duty/now')).body[0]!.primary).toEqual(onDuty);
    // Thursday was Grace's turn and stays hers; then the new order: Ada, Mia (placed after Ada), Grace.
    // Linus's override on the 23rd no longer puts him back; Grace's on the 24th stands.
    expect(primaries(await calendar('2026-03-19', '2026-03-27'))).toEqual([
      '03-19 Grace',
      '03-20 Ada Founder',
      '03-23 Mia',
      '03-24 Grace (override)',
      '03-25 Ada Founder',
      '03-26 Mia',
      '03-27 Grace',
    ]);
    expect((await admin.get<FairnessDto>(`/api/rotations/${rotation.id}/fairness?from=2026-03-02&to=2026-03-18`)).body.rows.map((row) => row.name)).toEqual(['Ada Founder', 'Grace', 'Linus']);
    const history = (await admin.get<DutyChangeDto[]>(`/api/rotations/${rotation.id}/changes`)).body;
    expect(history.filter((change) => change.revokedAt === null)).toHaveLength(3);
  });

  it('plans from a later date when asked, keeping the days between as they were', async () => {
    const between = primaries(await calendar('2026-03-19', '2026-03-27'));
    const response = await admin.patch<RotationDto>(`/api/rotations/${rotation.id}`, { workingDays: [1, 2, 3, 4], effectiveFrom: '2026-03-30' });
    expect(response.body.replannedFrom).toBe('2026-03-30');
    expect(primaries(await calendar('2026-03-19', '2026-03-27'))).toEqual(between);
    expect((await calendar('2026-03-30', '2026-04-05')).days.filter((day) => day.working).map((day) => day.date)).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02']);
  });

  it('refuses to re-plan days that have begun, and to move the first day of a rotation under way', async () => {
    const early = await admin.patch(`/api/rotations/${rotation.id}`, { handoffTime: '08:00', effectiveFrom: '2026-03-18' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/before 2026-03-19 have begun/);
    expect(early.body.error.details).toHaveProperty('effectiveFrom');
    expect((await admin.patch(`/api/rotations/${rotation.id}`, { startDate: '2026-03-09' })).status).toBe(400);
    expect((await grace.patch(`/api/rotations/${rotation.id}`, { name: 'Mine now' })).status).toBe(403);
  });

  it('renames without re-planning anything and without touching members', async () => {
    const before = primaries(await calendar('2026-03-02', '2026-04-10'));
    const response = await admin.patch<RotationDto>(`/api/rotations/${rotation.id}`, { name: 'Everyone on Support' });
    expect(response.body).toMatchObject({ name: 'Everyone on Support', replannedFrom: null, members: [{ name: 'Ada Founder' }, { name: 'Mia' }, { name: 'Grace' }], handoffTime: '10:00' });
    expect(primaries(await calendar('2026-03-02', '2026-04-10'))).toEqual(before);
  });

  it('re-plans everything of a rotation that has not begun', async () => {
    const later = (
      await admin.post<RotationDto>('/api/rotations', { name: 'Later', timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], startDate: '2026-04-06', members: [{ personId: ids.ada }, { personId: ids.grace }] })
    ).body;
    const response = await admin.patch<RotationDto>(`/api/rotations/${later.id}`, { members: [{ personId: ids.grace }, { personId: ids.ada }], startDate: '2026-04-07' });
    expect(response.body.replannedFrom).toBe('2026-03-19');
    const days = (await admin.get<CalendarDto>(`/api/rotations/${later.id}/calendar?from=2026-04-06&to=2026-04-08`)).body;
    expect(primaries(days)).toEqual(['04-07 Grace', '04-08 Ada Founder']);
  });
});
