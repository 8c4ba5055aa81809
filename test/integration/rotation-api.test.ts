import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDto, DutyChangeDto, DutyNowDto, FairnessDto, RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { TestClock } from '../harness/clock.js';
import { startTestApp, type TestApp } from '../harness/app.js';

describe('rotation storage and API', () => {
  let testApp: TestApp;
  let admin: ApiClient;
  let grace: ApiClient;
  const ids: Record<string, string> = {};
  let rotation: RotationDto;

  const primaries = (calendar: CalendarDto) =>
    calendar.days.map((day) => `${day.date.slice(5)} ${day.primary ? `${day.primary.name}${day.primary.provenance === 'rotation' ? '' : ` (${day.primary.provenance})`}` : '-'}`);

  beforeAll(async () => {
    // Tuesday 24 March 2026, 10:00 in Paris.
    testApp = await startTestApp({ clock: new TestClock(new Date('2026-03-24T09:00:00Z')) });
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    for (const [key, name] of [
      ['grace', 'Grace'],
      ['linus', 'Linus'],
    ] as const) {
      const person = await admin.post<PersonDto>('/api/people', { name, email: `${key}@wholegrain.test`, password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/Paris' });
      ids[key] = person.body.id;
    }
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', 'a long first password');
  });
  afterAll(async () => {
    await testApp?.close();
  });

  it('lets an admin create a rotation, members in order', async () => {
    const response = await admin.post<RotationDto>('/api/rotations', {
      name: 'Support',
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5],
      startDate: '2026-03-23',
      members: [{ personId: ids.ada }, { personId: ids.grace }, { personId: ids.linus }],
    });
    expect(response.status).toBe(201);
    rotation = response.body;
    expect(rotation).toMatchObject({ handoffTime: '09:00', daysPerTurn: 1, members: [{ name: 'Ada Founder', role: 'primary', weight: 1 }, { name: 'Grace' }, { name: 'Linus' }] });
    expect((await grace.post('/api/rotations', { name: 'x', timeZone: 'UTC', workingDays: [1], startDate: '2026-01-01' })).status).toBe(403);
  });

  it('rejects bad rotations with a clear reason per field', async () => {
    const response = await admin.post('/api/rotations', { name: '', timeZone: 'Mars/Base', workingDays: [], startDate: '2026-02-30', handoffTime: '9am' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.details).sort()).toEqual(['handoffTime', 'name', 'startDate', 'timeZone', 'workingDays']);
  });

  it('returns the calendar: turns on working days, nobody at the weekend', async () => {
    const calendar = await grace.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-03-26&to=2026-03-31`);
    expect(primaries(calendar.body)).toEqual(['03-26 Ada Founder', '03-27 Grace', '03-28 -', '03-29 -', '03-30 Linus', '03-31 Ada Founder']);
  });

  it('lets a member mark their own absence, and only that', async () => {
    const absence = await grace.post<DutyChangeDto>(`/api/rotations/${rotation.id}/changes`, { kind: 'absence', personId: ids.grace, from: '2026-03-27', to: '2026-03-27', reason: 'Dentist' });
    expect(absence.status).toBe(201);
    expect((await grace.post(`/api/rotations/${rotation.id}/changes`, { kind: 'absence', personId: ids.linus, from: '2026-03-27', to: '2026-03-27', reason: 'x' })).status).toBe(403);
    expect((await grace.post(`/api/rotations/${rotation.id}/changes`, { kind: 'override', personId: ids.grace, from: '2026-03-30', to: '2026-03-30', reason: 'x' })).status).toBe(403);
    const calendar = await grace.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-03-27&to=2026-03-31`);
    expect(primaries(calendar.body)).toEqual(['03-27 Linus (absence)', '03-28 -', '03-29 -', '03-30 Grace', '03-31 Ada Founder']);
    expect(calendar.body.ledger).toEqual([{ date: '2026-03-27', role: 'primary', absentPersonId: ids.grace, coveredBy: ids.linus }]);
  });

  it('applies an admin’s override and swap, and a revoked change stops applying but stays in the history', async () => {
    const override = await admin.post<DutyChangeDto>(`/api/rotations/${rotation.id}/changes`, { kind: 'override', personId: ids.ada, from: '2026-04-01', to: '2026-04-01', reason: 'Launch day' });
    await admin.post(`/api/rotations/${rotation.id}/changes`, { kind: 'swap', personA: ids.grace, dateA: '2026-03-30', personB: ids.ada, dateB: '2026-03-31', reason: 'Conference' });
    let calendar = await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-03-30&to=2026-04-01`);
    expect(primaries(calendar.body)).toEqual(['03-30 Ada Founder (swap)', '03-31 Grace (swap)', '04-01 Ada Founder (override)']);

    expect((await admin.delete(`/api/rotations/${rotation.id}/changes/${override.body.id}`)).status).toBe(204);
    calendar = await admin.get<CalendarDto>(`/api/rotations/${rotation.id}/calendar?from=2026-04-01&to=2026-04-01`);
    // Back to the planned turn (Grace's; the absence's payback already happened on 30 March).
    expect(primaries(calendar.body)).toEqual(['04-01 Grace']);
    const history = await admin.get<DutyChangeDto[]>(`/api/rotations/${rotation.id}/changes`);
    expect(history.body.map((change) => [change.kind, change.reason, change.revokedAt !== null])).toEqual([
      ['swap', 'Conference', false],
      ['override', 'Launch day', true],
      ['absence', 'Dentist', false],
    ]);
  });

  it('says who is on duty now', async () => {
    const now = await grace.get<DutyNowDto[]>('/api/duty/now');
    expect(now.body).toEqual([expect.objectContaining({ rotationName: 'Support', date: '2026-03-24', primary: { personId: ids.grace, name: 'Grace', provenance: 'rotation' } })]);
  });

  it('reports fairness against each member’s target', async () => {
    const response = await admin.get<FairnessDto>(`/api/rotations/${rotation.id}/fairness?from=2026-03-23&to=2026-04-03`);
    expect(response.body.rows.map((row) => [row.name, row.served, row.target])).toEqual([
      ['Ada Founder', 4, 3.3],
      ['Grace', 3, 3.3],
      ['Linus', 3, 3.3],
    ]);
    expect(response.body.rows.map((row) => row.label)).toEqual(['+20 % of target', '−10 % of target', '−10 % of target']);
  });

  it('swaps through requests: ask for your day, a teammate takes it by giving one back, an admin may assign it', async () => {
    const swaps = (
      await admin.post<RotationDto>('/api/rotations', {
        name: 'Swaps',
        timeZone: 'Europe/Paris',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2026-04-06',
        members: [{ personId: ids.ada }, { personId: ids.grace }, { personId: ids.linus }],
      })
    ).body;
    const week = async () => primaries((await admin.get<CalendarDto>(`/api/rotations/${swaps.id}/calendar?from=2026-04-06&to=2026-04-10`)).body);
    expect(await week()).toEqual(['04-06 Ada Founder', '04-07 Grace', '04-08 Linus', '04-09 Ada Founder', '04-10 Grace']);

    const notHers = await grace.post(`/api/rotations/${swaps.id}/swap-requests`, { date: '2026-04-08', reason: 'x' });
    expect(notHers.status).toBe(400);
    const asked = await grace.post(`/api/rotations/${swaps.id}/swap-requests`, { date: '2026-04-07', reason: 'Dentist' });
    expect(asked.body).toMatchObject({ status: 'open', date: '2026-04-07', requesterId: ids.grace });

    const linus = new ApiClient(testApp.baseUrl);
    await linus.signIn('linus@wholegrain.test', 'a long first password');
    expect((await linus.post(`/api/swap-requests/${asked.body.id}/take`, { date: '2026-04-09' })).status).toBe(400);
    const taken = await linus.post(`/api/swap-requests/${asked.body.id}/take`, { date: '2026-04-08' });
    expect(taken.body).toMatchObject({ status: 'taken', takenBy: ids.linus, takenDate: '2026-04-08' });
    expect((await linus.post(`/api/swap-requests/${asked.body.id}/take`, { date: '2026-04-08' })).status).toBe(409);
    expect(await week()).toEqual(['04-06 Ada Founder', '04-07 Linus (swap)', '04-08 Grace (swap)', '04-09 Ada Founder', '04-10 Grace']);

    const adas = await admin.post(`/api/rotations/${swaps.id}/swap-requests`, { date: '2026-04-09', reason: 'Investor meeting' });
    expect((await grace.post(`/api/swap-requests/${adas.body.id}/take`, { date: '2026-04-08', personId: ids.linus })).status).toBe(403);
    expect((await admin.post(`/api/swap-requests/${adas.body.id}/take`, { date: '2026-04-10', personId: ids.grace })).body.status).toBe('taken');
    expect(await week()).toEqual(['04-06 Ada Founder', '04-07 Linus (swap)', '04-08 Grace (swap)', '04-09 Grace (swap)', '04-10 Ada Founder (swap)']);

    const cancelled = await grace.post(`/api/rotations/${swaps.id}/swap-requests`, { date: '2026-04-08', reason: 'Changed my mind' });
    expect((await linus.post(`/api/swap-requests/${cancelled.body.id}/cancel`)).status).toBe(403);
    expect((await grace.post(`/api/swap-requests/${cancelled.body.id}/cancel`)).body.status).toBe('cancelled');
    expect((await grace.post(`/api/swap-requests/${cancelled.body.id}/cancel`)).status).toBe(409);
    expect((await grace.get(`/api/rotations/${swaps.id}/swap-requests`)).body.map((request: { status: string }) => request.status)).toEqual(['cancelled', 'taken', 'taken']);
  });

  it('keeps handoff notes for the person taking over, newest first', async () => {
    await grace.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Carla is waiting on the export fix; promised an answer Thursday.' });
    expect((await grace.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: '   ' })).status).toBe(400);
    const notes = await admin.get(`/api/rotations/${rotation.id}/handoff-notes`);
    expect(notes.body).toEqual([
      expect.objectContaining({ dutyDate: '2026-03-24', author: { id: ids.grace, name: 'Grace' }, text: 'Carla is waiting on the export fix; promised an answer Thursday.' }),
    ]);
  });

  it('validates ranges', async () => {
    expect((await admin.get(`/api/rotations/${rotation.id}/calendar?from=2026-04-02&to=2026-04-01`)).status).toBe(400);
    expect((await admin.get(`/api/rotations/${rotation.id}/calendar?from=2026-01-01&to=2027-12-31`)).body.error.message).toMatch(/at most 400 days/);
    expect((await admin.get(`/api/rotations/not-a-rotation/calendar?from=2026-01-01&to=2026-01-02`)).status).toBe(404);
  });
});
