import { Injectable } from '@nestjs/common';
import { addDays, type CivilDate, civilDateAt, type DutyDay, dutyDateAt, fairness, handoffInstant, parseCivilDate, type Rotation } from '../../../rotation/src/index.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { DutyService } from '../duty/duty.service.js';
import type { RotationDto } from '../duty/duty.types.js';
import type { DutyReportQuery } from './reports.contract.js';
import { type FigureRow, LOOK_AROUND_DAYS, ReportsRepository } from './reports.repository.js';
import type { DutyDayReportDto, DutyFiguresDto, DutyReportDto, FairnessFiguresDto, PersonReportDto } from './reports.types.js';

/** Default period: the four ISO weeks up to and including this one (in the rotation's zone). */
export const DEFAULT_WEEKS = 4;

@Injectable()
export class ReportsService {
  constructor(
    private readonly duty: DutyService,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  /** The duty report of a rotation (the first one when none is named) over from..to. */
  async dutyReport(query: DutyReportQuery): Promise<DutyReportDto> {
    const rotation = query.rotationId ? await this.duty.get(query.rotationId) : (await this.duty.list())[0];
    if (!rotation) throw new AppError('not_found', 'There is no rotation yet: create one on the Rotation page, and its duty days get a report.');
    const now = this.clock.now();
    const today = civilDateAt(now, rotation.timeZone);
    const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
    const from: CivilDate = query.from ? parseCivilDate(query.from) : query.to ? addDays(parseCivilDate(query.to), -(DEFAULT_WEEKS * 7 - 1)) : addDays(monday, -(DEFAULT_WEEKS - 1) * 7);
    const to: CivilDate = query.to ? parseCivilDate(query.to) : addDays(from, DEFAULT_WEEKS * 7 - 1);

    const domainTimes = { timeZone: rotation.timeZone, handoffTime: rotation.handoffTime };
    const calendar = await this.duty.calendar(rotation.id, from, to);
    // The rotation's first duty day: its start date, or the duty day it was created on when that came later
    // (a start date chosen in the past plans days nobody was on duty for). Days before it belong to nobody.
    const createdOn = dutyDateAt(domainTimes, new Date(rotation.createdAt));
    const firstDay: CivilDate = (createdOn > rotation.startDate ? createdOn : rotation.startDate) as CivilDate;
    const planDays = (calendar.days as unknown as DutyDay[]).map((day) => (day.date < firstDay ? { date: day.date, working: false, primary: null, buddy: null, shadow: null } : day));
    const names = new Map(rotation.members.map((member) => [member.personId, member.name]));
    for (const day of calendar.days) if (day.primary) names.set(day.primary.personId, day.primary.name);
    const duty = planDays.filter((day) => day.primary).map((day) => ({ date: day.date, personId: day.primary!.personId }));

    const rows = await this.reports.figures({
      mailboxIds: rotation.mailboxIds,
      timeZone: rotation.timeZone,
      handoffTime: rotation.handoffTime,
      from,
      to,
      workingDays: rotation.workingDays,
      holidays: rotation.holidays,
      startDate: firstDay,
      duty,
      now,
      readFrom: handoffInstant(domainTimes, addDays(from, -LOOK_AROUND_DAYS)),
      readTo: handoffInstant(domainTimes, addDays(to, LOOK_AROUND_DAYS + 1)),
    });

    const person = (id: string) => ({ id, name: names.get(id) ?? '' });
    const domain = { ...toDomain(rotation), startDate: firstDay };
    const fairnessOver = (days: DutyDay[]) => new Map(fairness(domain, { days, ledger: [] }).map((row) => [row.personId, row]));
    const fairnessOf = (rowsByPerson: Map<string, ReturnType<typeof fairness>[number]>, personId: string): FairnessFiguresDto | null => {
      const row = rowsByPerson.get(personId);
      return row ? { served: row.served, target: row.target, deviation: Math.round(row.deviation * 1000) / 1000, label: row.label } : null;
    };

    const days: DutyDayReportDto[] = rows
      .filter((row) => row.level === 'day')
      .map((row) => ({ date: row.day!, working: row.working ?? false, beforeRotation: row.day! < firstDay, person: row.personId ? person(row.personId) : null, ...figures(row) }));

    const overall = fairnessOver(planDays);
    const people: PersonReportDto[] = rows
      .filter((row) => row.level === 'person')
      .map((row) => ({ person: person(row.personId!), days: row.days, ...figures(row), fairness: fairnessOf(overall, row.personId!) }))
      .sort((a, b) => a.person.name.localeCompare(b.person.name));
    // Members with no duty day in the period still belong in it (fairness says they are owed days).
    for (const member of rotation.members.filter((entry) => entry.role === 'primary' && !people.some((row) => row.person.id === entry.personId))) {
      people.push({ person: person(member.personId), days: 0, ...EMPTY, fairness: fairnessOf(overall, member.personId) });
    }

    // Each ISO week's fairness once (rows come per person and week).
    const weekFairness = new Map<string, ReturnType<typeof fairnessOver>>();
    const weekOf = (date: string) => addDays(parseCivilDate(date), -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
    const daysByWeek = new Map<string, DutyDay[]>();
    for (const day of planDays) {
      const week = weekOf(day.date);
      daysByWeek.set(week, [...(daysByWeek.get(week) ?? []), day]);
    }
    const weeks = new Map<string, PersonReportDto[]>();
    for (const row of rows.filter((entry) => entry.level === 'week')) {
      let rowsByPerson = weekFairness.get(row.week!);
      if (!rowsByPerson) weekFairness.set(row.week!, (rowsByPerson = fairnessOver(daysByWeek.get(row.week!) ?? [])));
      const entry = { person: person(row.personId!), days: row.days, ...figures(row), fairness: fairnessOf(rowsByPerson, row.personId!) };
      const list = weeks.get(row.week!);
      if (list) list.push(entry);
      else weeks.set(row.week!, [entry]);
    }

    return {
      rotation: { id: rotation.id, name: rotation.name, timeZone: rotation.timeZone, handoffTime: rotation.handoffTime },
      from,
      to,
      days,
      people,
      weeks: [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, entries]) => ({ week, people: entries.sort((a, b) => a.person.name.localeCompare(b.person.name)) })),
    };
  }
}

const EMPTY: DutyFiguresDto = { received: 0, answered: 0, closed: 0, firstResponseP50: null, firstResponseP90: null, firstResponses: 0, waitingAtHandoff: null, quotesPinned: 0 };

function figures(row: FigureRow): DutyFiguresDto {
  return {
    received: row.received,
    answered: row.answered,
    closed: row.closed,
    firstResponseP50: row.p50 === null ? null : Math.round(row.p50),
    firstResponseP90: row.p90 === null ? null : Math.round(row.p90),
    firstResponses: row.responses,
    waitingAtHandoff: row.waiting,
    quotesPinned: row.quotes,
  };
}

function toDomain(rotation: RotationDto): Rotation {
  return {
    timeZone: rotation.timeZone,
    workingDays: rotation.workingDays,
    holidays: rotation.holidays.map(parseCivilDate),
    handoffTime: rotation.handoffTime,
    daysPerTurn: rotation.daysPerTurn,
    startDate: parseCivilDate(rotation.startDate),
    members: rotation.members.map((member) => ({ personId: member.personId, role: member.role, weight: member.weight })),
  };
}
