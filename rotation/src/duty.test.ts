import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, eachDate, parseCivilDate as d } from './civil-date.js';
import { type DutyChange, dutyAt, dutyDateAt, fairness, handoffInstant, isWorkingDay, planDuty, reminderDayAt, type Rotation } from './duty.js';

const team = (...ids: string[]) => ids.map((personId) => ({ personId, role: 'primary' as const, weight: 1 }));
const rotation = (overrides: Partial<Rotation> = {}): Rotation => ({
  timeZone: 'Europe/Paris',
  workingDays: [1, 2, 3, 4, 5],
  holidays: [],
  handoffTime: '09:00',
  daysPerTurn: 1,
  startDate: d('2026-03-23'), // a Monday
  members: team('ada', 'grace', 'linus'),
  ...overrides,
});
const primaries = (plan: ReturnType<typeof planDuty>) => plan.days.map((day) => (day.primary ? `${day.date.slice(5)} ${day.primary.personId}${day.primary.provenance === 'rotation' ? '' : ` (${day.primary.provenance})`}` : `${day.date.slice(5)} -`));

describe('planDuty', () => {
  it('rotates on working days only: a weekend never eats a turn', () => {
    const plan = planDuty({ rotation: rotation(), changes: [], from: d('2026-03-26'), to: d('2026-03-31') });
    expect(primaries(plan)).toEqual(['03-26 ada', '03-27 grace', '03-28 -', '03-29 -', '03-30 linus', '03-31 ada']);
  });

  it('skips holidays without using up anyone’s turn', () => {
    const plan = planDuty({ rotation: rotation({ holidays: [d('2026-03-24')] }), changes: [], from: d('2026-03-23'), to: d('2026-03-26') });
    expect(primaries(plan)).toEqual(['03-23 ada', '03-24 -', '03-25 grace', '03-26 linus']);
  });

  it('gives each person several days in a row with days per turn', () => {
    const plan = planDuty({ rotation: rotation({ daysPerTurn: 2 }), changes: [], from: d('2026-03-23'), to: d('2026-03-30') });
    expect(primaries(plan)).toEqual(['03-23 ada', '03-24 ada', '03-25 grace', '03-26 grace', '03-27 linus', '03-28 -', '03-29 -', '03-30 linus']);
  });

  it('skips an absent person, records the day owed, and gives the turn back', () => {
    const changes: DutyChange[] = [{ kind: 'absence', personId: 'grace', from: d('2026-03-24'), to: d('2026-03-24') }];
    const plan = planDuty({ rotation: rotation(), changes, from: d('2026-03-23'), to: d('2026-03-27') });
    expect(primaries(plan)).toEqual(['03-23 ada', '03-24 linus (absence)', '03-25 grace', '03-26 ada', '03-27 grace']);
    expect(plan.ledger).toEqual([{ date: '2026-03-24', role: 'primary', absentPersonId: 'grace', coveredBy: 'linus' }]);
  });

  it('redirects an absent person’s turn to the teammate they named', () => {
    const changes: DutyChange[] = [{ kind: 'absence', personId: 'grace', from: d('2026-03-24'), to: d('2026-03-24'), redirectTo: 'ada' }];
    const plan = planDuty({ rotation: rotation(), changes, from: d('2026-03-24'), to: d('2026-03-24') });
    expect(primaries(plan)).toEqual(['03-24 ada (absence)']);
  });

  it('applies an override and a swap, with their provenance', () => {
    const changes: DutyChange[] = [
      { kind: 'override', role: 'primary', from: d('2026-03-23'), to: d('2026-03-23'), personId: 'linus' },
      { kind: 'swap', role: 'primary', dateA: d('2026-03-24'), personA: 'grace', dateB: d('2026-03-26'), personB: 'ada' },
    ];
    const plan = planDuty({ rotation: rotation(), changes, from: d('2026-03-23'), to: d('2026-03-26') });
    expect(primaries(plan)).toEqual(['03-23 linus (override)', '03-24 ada (swap)', '03-25 linus', '03-26 grace (swap)']);
  });

  it('plans buddy and shadow as roles within the same day', () => {
    const members = [...team('ada', 'grace'), { personId: 'mia', role: 'buddy' as const, weight: 1 }, { personId: 'noor', role: 'shadow' as const, weight: 1 }];
    const [day] = planDuty({ rotation: rotation({ members }), changes: [], from: d('2026-03-23'), to: d('2026-03-23') }).days;
    expect(day).toMatchObject({ primary: { personId: 'ada' }, buddy: { personId: 'mia' }, shadow: { personId: 'noor' } });
  });

  it('gives turns in proportion to weight', () => {
    const members = [{ personId: 'founder', role: 'primary' as const, weight: 1 }, { personId: 'dev', role: 'primary' as const, weight: 2 }];
    const plan = planDuty({ rotation: rotation({ members }), changes: [], from: d('2026-03-23'), to: d('2026-04-03') });
    const rows = fairness(rotation({ members }), plan);
    expect(rows).toEqual([
      { personId: 'founder', served: 3, target: 3.3, deviation: expect.closeTo(-0.1, 1), label: '−10 % of target' },
      { personId: 'dev', served: 7, target: 6.7, deviation: expect.closeTo(0.05, 1), label: '+5 % of target' },
    ]);
  });
});

describe('duty at an instant, across time zones and DST', () => {
  it.each([
    ['before the 09:00 handoff in Paris, yesterday’s duty still runs', 'Europe/Paris', '2026-03-24T07:59:00Z', '2026-03-23'],
    ['at the 09:00 handoff in Paris the day after spring-forward', 'Europe/Paris', '2026-03-30T07:00:00Z', '2026-03-30'],
    ['09:00 New York in winter time', 'America/New_York', '2026-11-02T14:00:00Z', '2026-11-02'],
    ['Lord Howe after its half-hour shift', 'Australia/Lord_Howe', '2026-10-05T22:00:00Z', '2026-10-06'],
    ['Apia is a day ahead of UTC', 'Pacific/Apia', '2026-06-01T20:00:00Z', '2026-06-02'],
  ])('%s', (_name, timeZone, instant, expectedDate) => {
    expect(dutyDateAt({ timeZone, handoffTime: '09:00' }, new Date(instant))).toBe(expectedDate);
  });

  it('hands off at 09:00 Europe/Paris across the spring-forward night (07:00 UTC instead of 08:00)', () => {
    expect(handoffInstant(rotation(), d('2026-03-27')).toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(handoffInstant(rotation(), d('2026-03-30')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('has nobody on duty on a weekend', () => {
    expect(dutyAt({ rotation: rotation(), changes: [], instant: new Date('2026-03-28T12:00:00Z') }).primary).toBeNull();
    expect(dutyAt({ rotation: rotation(), changes: [], instant: new Date('2026-03-30T07:30:00Z') }).primary?.personId).toBe('linus');
  });
});

describe('properties over random rotations (fast-check, fixed seed)', () => {
  const memberIds = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
  const arbitraryRotation = fc.record({
    size: fc.integer({ min: 1, max: 6 }),
    weights: fc.array(fc.constantFrom(1, 2, 3), { minLength: 6, maxLength: 6 }),
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    daysPerTurn: fc.integer({ min: 1, max: 3 }),
    zone: fc.constantFrom('Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'UTC'),
    startOffset: fc.integer({ min: 0, max: 400 }),
  });
  const build = (value: { size: number; weights: number[]; workingDays: number[]; daysPerTurn: number; zone: string; startOffset: number }): Rotation =>
    rotation({
      timeZone: value.zone,
      workingDays: value.workingDays,
      daysPerTurn: value.daysPerTurn,
      startDate: addDays(d('2026-01-01'), value.startOffset),
      members: memberIds.slice(0, value.size).map((personId, index) => ({ personId, role: 'primary', weight: value.weights[index]! })),
    });
  const absences = (size: number) =>
    fc.array(
      fc.record({ person: fc.integer({ min: 1, max: Math.max(1, size - 1) }), start: fc.integer({ min: 0, max: 120 }), length: fc.integer({ min: 0, max: 14 }) }),
      { maxLength: 6 },
    );

  it('every working day has exactly one primary, and nobody is on duty while away', () => {
    fc.assert(
      fc.property(
        arbitraryRotation.chain((value) => fc.tuple(fc.constant(value), absences(value.size))),
        ([value, away]) => {
          const planned = build(value);
          // Person p1 is never away, so someone can always serve.
          const changes: DutyChange[] = planned.members.length > 1
            ? away.map((absence) => ({
                kind: 'absence' as const,
                personId: memberIds[absence.person]!,
                from: addDays(planned.startDate, absence.start),
                to: addDays(planned.startDate, absence.start + absence.length),
              }))
            : [];
          const plan = planDuty({ rotation: planned, changes, from: planned.startDate, to: addDays(planned.startDate, 140) });
          for (const day of plan.days) {
            expect(day.primary !== null).toBe(isWorkingDay(planned, day.date));
            if (!day.primary) continue;
            const awayNow = changes.some((change) => change.kind === 'absence' && change.personId === day.primary!.personId && change.from <= day.date && day.date <= change.to);
            expect(awayNow).toBe(false);
          }
        },
      ),
      { seed: 20261128, numRuns: 150 },
    );
  });

  it('with no absences, everyone’s days served stay within one of their target over any whole cycle', () => {
    fc.assert(
      fc.property(arbitraryRotation, fc.integer({ min: 0, max: 30 }), (value, cycleStart) => {
        const planned = build(value);
        const totalWeight = planned.members.reduce((sum, member) => sum + member.weight, 0);
        const workingDaysPlanned = planDuty({ rotation: planned, changes: [], from: planned.startDate, to: addDays(planned.startDate, 900) }).days.filter((day) => day.primary);
        // A whole cycle: totalWeight turns of daysPerTurn working days, starting at any turn boundary.
        const cycleDays = totalWeight * planned.daysPerTurn;
        const window = workingDaysPlanned.slice(cycleStart * planned.daysPerTurn, cycleStart * planned.daysPerTurn + cycleDays);
        if (window.length < cycleDays) return;
        const rows = fairness(planned, { days: window, ledger: [] });
        for (const row of rows) expect(Math.abs(row.served - row.target)).toBeLessThanOrEqual(1);
      }),
      { seed: 20261128, numRuns: 150 },
    );
  });
});

describe('an 8-week calendar of a 5-person rotation with one absence and one swap', () => {
  it('prints the calendar and its fairness', () => {
    const planned = rotation({ startDate: d('2026-11-30'), members: team('Ada', 'Grace', 'Linus', 'Margaret', 'Tim') });
    const changes: DutyChange[] = [
      { kind: 'absence', personId: 'Grace', from: d('2026-12-14'), to: d('2026-12-18') },
      { kind: 'swap', role: 'primary', dateA: d('2027-01-06'), personA: 'Linus', dateB: d('2027-01-08'), personB: 'Tim' },
    ];
    const plan = planDuty({ rotation: planned, changes, from: d('2026-11-30'), to: d('2027-01-24') });
    const weeks: string[] = [];
    for (let week = 0; week < 8; week += 1) {
      const days = plan.days.slice(week * 7, week * 7 + 5);
      weeks.push(`${days[0]!.date}  ${days.map((day) => `${(day.primary?.personId ?? '-').padEnd(8)}${day.primary?.provenance === 'rotation' ? ' ' : day.primary?.provenance === 'swap' ? 'S' : 'A'}`).join(' ')}`);
    }
    const rows = fairness(planned, plan);
    console.log(
      `week of      Mon       Tue       Wed       Thu       Fri      (A = covering an absence, S = swap)\n${weeks.join('\n')}\n\nfairness over 40 working days:\n${rows
        .map((row) => `  ${row.personId.padEnd(9)} served ${row.served}, target ${row.target}: ${row.label}`)
        .join('\n')}\nledger: ${plan.ledger.map((entry) => `${entry.date} ${entry.absentPersonId} away, covered by ${entry.coveredBy}`).join('; ')}`,
    );
    expect(plan.days.filter((day) => day.primary).length).toBe(40);
    expect(plan.days.filter((day) => day.primary?.personId === 'Grace' && day.date >= '2026-12-14' && day.date <= '2026-12-18')).toEqual([]);
    // Grace's missed turn is paid back the week she returns; the swap exchanges days, not counts.
    expect(rows.map((row) => row.served)).toEqual([8, 8, 8, 8, 8]);
    expect(eachDate(d('2026-11-30'), d('2027-01-24'))).toHaveLength(56);
  });
});

describe('reminderDayAt', () => {
  it.each([
    ['Monday before the handoff: nothing yet', '2026-03-23T07:59:00Z', null],
    ['Monday after the 09:00 handoff: Tuesday', '2026-03-23T08:01:00Z', '2026-03-24'],
    ['Friday afternoon: Monday', '2026-03-27T14:00:00Z', '2026-03-30'],
    ['Saturday: nothing', '2026-03-28T14:00:00Z', null],
    ['Friday before a Monday holiday: Tuesday', '2026-04-03T14:00:00Z', '2026-04-07'],
  ])('%s', (_name, instant, expected) => {
    expect(reminderDayAt(rotation({ holidays: [d('2026-04-06')] }), new Date(instant))).toBe(expected);
  });
});

describe('planDuty after an edit that takes effect from a date', () => {
  // Until Thursday 26 March: ada, grace, linus. From then on, the edit's settings.
  const edited = (settings: Partial<Rotation>): Rotation => {
    const before = rotation();
    const { startDate: _start, earlier: _earlier, ...old } = before;
    return { ...before, ...settings, earlier: [{ ...old, until: d('2026-03-26') }] };
  };
  const week = (value: Rotation, changes: DutyChange[] = []) => primaries(planDuty({ rotation: value, changes, from: d('2026-03-23'), to: d('2026-04-03') }));
  const unedited = week(rotation());

  it.each([
    ['a new hire placed second joins after ada', { members: team('ada', 'mia', 'grace', 'linus') }, ['03-26 ada', '03-27 mia', '03-30 grace', '03-31 linus', '04-01 ada', '04-02 mia', '04-03 grace']],
    ['a new hire placed first waits for the turn to come round', { members: team('mia', 'ada', 'grace', 'linus') }, ['03-26 ada', '03-27 grace', '03-30 linus', '03-31 mia', '04-01 ada', '04-02 grace', '04-03 linus']],
    ['ada, who was next, leaves: the turn goes to the one after her', { members: team('grace', 'linus') }, ['03-26 grace', '03-27 linus', '03-30 grace', '03-31 linus', '04-01 grace', '04-02 linus', '04-03 grace']],
    ['a new order continues from whoever was next', { members: team('ada', 'linus', 'grace') }, ['03-26 ada', '03-27 linus', '03-30 grace', '03-31 ada', '04-01 linus', '04-02 grace', '04-03 ada']],
    ['Fridays off from the edit on', { workingDays: [1, 2, 3, 4] }, ['03-26 ada', '03-27 -', '03-30 grace', '03-31 linus', '04-01 ada', '04-02 grace', '04-03 -']],
  ])('%s; the days before stay as they were', (_name, settings, future) => {
    const plan = week(edited(settings)).filter((day) => !day.endsWith(' -') || day.startsWith('03-27') || day.startsWith('04-03'));
    const before = unedited.filter((day) => day < '03-26');
    expect(plan.filter((day) => day < '03-26')).toEqual(before);
    expect(plan.filter((day) => day >= '03-26')).toEqual(future);
  });

  it('keeps the credit owed for a missed turn when the members stay the same', () => {
    // Grace is away on Tuesday; an edit on Thursday only moves the handoff time.
    const changes: DutyChange[] = [{ kind: 'absence', personId: 'grace', from: d('2026-03-24'), to: d('2026-03-24') }];
    expect(week(edited({ handoffTime: '10:00' }), changes)).toEqual(week(rotation(), changes));
  });

  it('never puts someone who left back on a later day through an earlier override or swap', () => {
    const changes: DutyChange[] = [
      { kind: 'override', role: 'primary', from: d('2026-03-25'), to: d('2026-03-31'), personId: 'linus' },
      { kind: 'swap', role: 'primary', dateA: d('2026-04-01'), personA: 'ada', dateB: d('2026-04-02'), personB: 'linus' },
    ];
    const plan = week(edited({ members: team('ada', 'grace') }), changes);
    expect(plan.filter((day) => day >= '03-25' && day < '04-03' && !day.endsWith(' -'))).toEqual(['03-25 linus (override)', '03-26 ada', '03-27 grace', '03-30 ada', '03-31 grace', '04-01 ada', '04-02 ada (swap)']);
  });

  it('counts fairness with each day’s own members: a leaver keeps the days served', () => {
    const value = edited({ members: team('ada', 'grace') });
    const rows = fairness(value, planDuty({ rotation: value, changes: [], from: d('2026-03-23'), to: d('2026-03-27') }));
    expect(rows.map((row) => [row.personId, row.served, row.target])).toEqual([
      ['ada', 2, 2],
      ['grace', 2, 2],
      ['linus', 1, 1],
    ]);
  });

  it('reads the duty date with the time zone in force on that day', () => {
    const value: Rotation = { ...rotation({ timeZone: 'Asia/Tokyo' }), earlier: [{ ...rotation(), until: d('2026-03-26') }] };
    // 07:30 UTC on Tuesday 24 March: 08:30 in Paris (before the handoff, Monday's duty), 16:30 in Tokyo.
    expect(dutyDateAt(value, new Date('2026-03-24T07:30:00Z'))).toBe('2026-03-23');
    expect(dutyDateAt(value, new Date('2026-03-27T07:30:00Z'))).toBe('2026-03-27');
  });
});
