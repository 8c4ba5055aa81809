import { addDays, type CivilDate, eachDate, isoWeekday } from './civil-date.js';
import { instantOf, localTimeAt, parseClockTime, previousDate } from './zoned-time.js';

/**
 * Who is on duty, day by day: plain data in, decisions out. Duty is planned in calendar days of the
 * rotation's time zone; a working day's duty runs from its handoff time to the next calendar day's
 * handoff time. Non-working days and holidays have nobody on duty and never use up a turn.
 */
export type DutyRole = 'primary' | 'buddy' | 'shadow';
export const DUTY_ROLES: DutyRole[] = ['primary', 'buddy', 'shadow'];

export interface RotationMember {
  personId: string;
  role: DutyRole;
  /** Relative share of turns (1 = normal, 2 = twice as many, 0.5 = half). */
  weight: number;
}

/** What an admin can change about a rotation's planning; an edit takes effect from a date. */
export interface RotationSettings {
  timeZone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  holidays: CivilDate[];
  /** "09:00" in the rotation's time zone. */
  handoffTime: string;
  /** Working days each turn lasts (default 1). */
  daysPerTurn: number;
  /** In rotation order. */
  members: RotationMember[];
}

/** Settings that were in force for the days before `until` (exclusive), replaced by a later edit. */
export interface EarlierSettings extends RotationSettings {
  until: CivilDate;
}

/**
 * A rotation's current settings, and the settings earlier edits replaced (oldest first): each earlier
 * entry plans the days before its `until`; the current settings plan the days from the last `until` on.
 * Editing a rotation thus re-plans only the days from the edit's date; earlier days stay as they were.
 */
export interface Rotation extends RotationSettings {
  /** The first day the rotation plans (turns are counted from here). */
  startDate: CivilDate;
  earlier?: EarlierSettings[];
}

/** The settings that plan `date`: an earlier edit's, or the current ones. */
export function settingsOn<T extends RotationSettings>(rotation: T & { earlier?: EarlierSettings[] | undefined }, date: CivilDate): T | EarlierSettings {
  for (const settings of rotation.earlier ?? []) if (date < settings.until) return settings;
  return rotation;
}

export type DutyChange =
  /** Someone else takes a role for some days. */
  | { kind: 'override'; role: DutyRole; from: CivilDate; to: CivilDate; personId: string }
  /** Two people exchange two days of a role. */
  | { kind: 'swap'; role: DutyRole; dateA: CivilDate; personA: string; dateB: CivilDate; personB: string }
  /** Someone is away: skipped (or redirected to a named teammate) and owed the days back. */
  | { kind: 'absence'; personId: string; from: CivilDate; to: CivilDate; redirectTo?: string | null };

export type Provenance = 'rotation' | 'override' | 'swap' | 'absence';

export interface Assignment {
  personId: string;
  provenance: Provenance;
}

export interface DutyDay {
  date: CivilDate;
  working: boolean;
  primary: Assignment | null;
  buddy: Assignment | null;
  shadow: Assignment | null;
}

export interface LedgerEntry {
  date: CivilDate;
  role: DutyRole;
  /** Away that day: owed the turn. */
  absentPersonId: string;
  /** Took the turn instead. */
  coveredBy: string | null;
}

export interface DutyPlan {
  days: DutyDay[];
  /** Days people missed through absence and who covered them; the credits carry over, so turns come back. */
  ledger: LedgerEntry[];
}

type Earlier = { earlier?: EarlierSettings[] | undefined };

/** Whether `date` is a working day under the settings in force on it. */
export function isWorkingDay(rotation: Pick<Rotation, 'workingDays' | 'holidays'> & Earlier, date: CivilDate): boolean {
  const settings = rotation.earlier?.find((entry) => date < entry.until) ?? rotation;
  return settings.workingDays.includes(isoWeekday(date)) && !settings.holidays.includes(date);
}

function isAbsent(changes: DutyChange[], personId: string, date: CivilDate): DutyChange | undefined {
  return changes.find((change) => change.kind === 'absence' && change.personId === personId && change.from <= date && date <= change.to);
}

/**
 * Smooth weighted round robin per role (the sequence nginx uses): each turn every member gains
 * their weight in credit, the eligible member with the most credit serves and pays the total back.
 * With equal weights that is plain rotation order; a member away keeps gaining credit, so once
 * back they serve sooner until the missed turns are repaid.
 */
class RoleQueue {
  private readonly credit = new Map<string, number>();
  private readonly total: number;

  constructor(readonly members: RotationMember[]) {
    for (const member of members) this.credit.set(member.personId, 0);
    this.total = members.reduce((sum, member) => sum + member.weight, 0);
  }

  /**
   * The queue for a role after an edit changed its members, order or weights. Unchanged, it goes on
   * as it was (credit owed for missed turns included). Changed, turns go round the new order starting
   * with whoever was next (or, if they left, the first remaining person after them in the old order),
   * so a new hire takes their first turn where they were placed in the order.
   */
  carryTo(members: RotationMember[]): RoleQueue {
    const same = members.length === this.members.length && members.every((member, index) => member.personId === this.members[index]!.personId && member.weight === this.members[index]!.weight);
    if (same) return this;
    const next = this.peek();
    const staying = new Set(members.map((member) => member.personId));
    const oldOrder = this.members.map((member) => member.personId);
    const from = next ? oldOrder.indexOf(next) : -1;
    let first: string | null = null;
    for (let step = 0; from >= 0 && step < oldOrder.length && !first; step += 1) {
      const candidate = oldOrder[(from + step) % oldOrder.length]!;
      if (staying.has(candidate)) first = candidate;
    }
    const at = first ? members.findIndex((member) => member.personId === first) : 0;
    return new RoleQueue([...members.slice(at), ...members.slice(0, at)]);
  }

  get empty(): boolean {
    return this.members.length === 0;
  }

  /** The next turn: who serves, among those `eligible`; null when nobody can. */
  next(eligible: (personId: string) => boolean, preferred?: string | null): string | null {
    for (const member of this.members) this.credit.set(member.personId, this.credit.get(member.personId)! + member.weight);
    let chosen: RotationMember | null = null;
    if (preferred) chosen = this.members.find((member) => member.personId === preferred && eligible(member.personId)) ?? null;
    if (!chosen) {
      for (const member of this.members) {
        if (!eligible(member.personId)) continue;
        if (!chosen || this.credit.get(member.personId)! > this.credit.get(chosen.personId)!) chosen = member;
      }
    }
    if (!chosen) {
      // Nobody can serve: take the credit back, so nobody is owed a turn for an empty day.
      for (const member of this.members) this.credit.set(member.personId, this.credit.get(member.personId)! - member.weight);
      return null;
    }
    this.credit.set(chosen.personId, this.credit.get(chosen.personId)! - this.total);
    return chosen.personId;
  }

  /** Who would serve next with nobody away (the person a turn "belongs" to), without advancing. */
  peek(): string | null {
    let chosen: RotationMember | null = null;
    for (const member of this.members) {
      const credit = this.credit.get(member.personId)! + member.weight;
      if (!chosen || credit > this.credit.get(chosen.personId)! + chosen.weight) chosen = member;
    }
    return chosen?.personId ?? null;
  }
}

/** The duty plan from the rotation's start through `to`, returning the days from `from` on. */
export function planDuty(input: { rotation: Rotation; changes: DutyChange[]; from: CivilDate; to: CivilDate }): DutyPlan {
  const { rotation, changes } = input;
  const roleMembers = (settings: RotationSettings, role: DutyRole) => settings.members.filter((member) => member.role === role && member.weight > 0);
  const start = rotation.startDate < input.from ? rotation.startDate : input.from;
  let settings: RotationSettings = settingsOn(rotation, start);
  let leavers = new Set<string>();
  const queues = new Map(DUTY_ROLES.map((role) => [role, new RoleQueue(roleMembers(settings, role))]));
  const current = new Map<DutyRole, { personId: string; provenance: Provenance; daysLeft: number } | null>(DUTY_ROLES.map((role) => [role, null]));
  const days: DutyDay[] = [];
  const ledger: LedgerEntry[] = [];

  for (const date of eachDate(start, input.to)) {
    const next = settingsOn(rotation, date);
    if (next !== settings) {
      // An edit takes effect today: the turns go on under the new settings from here.
      const staying = new Set(next.members.map((member) => member.personId));
      for (const member of settings.members) if (!staying.has(member.personId)) leavers.add(member.personId);
      leavers = new Set([...leavers].filter((personId) => !staying.has(personId)));
      for (const role of DUTY_ROLES) {
        const members = roleMembers(next, role);
        queues.set(role, queues.get(role)!.carryTo(members));
        const turn = current.get(role);
        if (turn && !members.some((member) => member.personId === turn.personId)) current.set(role, null);
      }
      settings = next;
    }
    const daysPerTurn = Math.max(1, Math.floor(settings.daysPerTurn || 1));
    const working = date >= rotation.startDate && isWorkingDay(settings, date);
    const day: DutyDay = { date, working, primary: null, buddy: null, shadow: null };
    if (working) {
      for (const role of DUTY_ROLES) {
        const queue = queues.get(role)!;
        if (queue.empty) continue;
        let turn = current.get(role) ?? null;
        // A turn of several days breaks when its person becomes absent; the rest goes to the next turn.
        if (turn && (turn.daysLeft <= 0 || isAbsent(changes, turn.personId, date))) turn = null;
        if (turn && turn.daysLeft > daysPerTurn) turn.daysLeft = daysPerTurn;
        if (!turn) {
          const owner = queue.peek();
          const ownerAbsence = owner ? isAbsent(changes, owner, date) : undefined;
          const redirect = ownerAbsence?.kind === 'absence' ? (ownerAbsence.redirectTo ?? null) : null;
          const personId = queue.next((candidate) => !isAbsent(changes, candidate, date), redirect);
          if (personId) {
            turn = { personId, provenance: ownerAbsence ? 'absence' : 'rotation', daysLeft: daysPerTurn };
            if (ownerAbsence && owner) ledger.push({ date, role, absentPersonId: owner, coveredBy: personId });
          } else if (owner) {
            ledger.push({ date, role, absentPersonId: owner, coveredBy: null });
          }
        }
        if (turn) {
          day[role] = { personId: turn.personId, provenance: turn.provenance };
          turn.daysLeft -= 1;
        }
        current.set(role, turn);
      }
      applyChanges(day, changes, leavers);
    }
    if (date >= input.from) days.push(day);
  }
  return { days, ledger: ledger.filter((entry) => entry.date >= input.from) };
}

/**
 * Overrides and swaps replace the planned person for a day, unless that person is away or has left
 * the rotation by then (an override made before someone left never puts them back on a later day).
 */
function applyChanges(day: DutyDay, changes: DutyChange[], leavers: Set<string>): void {
  const available = (personId: string) => !leavers.has(personId) && !isAbsent(changes, personId, day.date);
  for (const change of changes) {
    if (change.kind === 'override' && change.from <= day.date && day.date <= change.to) {
      if (available(change.personId)) day[change.role] = { personId: change.personId, provenance: 'override' };
    } else if (change.kind === 'swap') {
      if (change.dateA === day.date && available(change.personB)) day[change.role] = { personId: change.personB, provenance: 'swap' };
      if (change.dateB === day.date && available(change.personA)) day[change.role] = { personId: change.personA, provenance: 'swap' };
    }
  }
}

/** The duty date at an instant: before the day's handoff time, the previous day's duty still runs. */
export function dutyDateAt(rotation: Pick<Rotation, 'timeZone' | 'handoffTime'> & Earlier, instant: Date): CivilDate {
  const plain = (settings: Pick<Rotation, 'timeZone' | 'handoffTime'>) => {
    const local = localTimeAt(instant, settings.timeZone);
    return local.minutes >= parseClockTime(settings.handoffTime) ? local.date : previousDate(local.date);
  };
  const date = plain(rotation);
  // Read again with the zone and handoff time in force on that day, when an edit changed them since.
  const earlier = rotation.earlier?.find((entry) => date < entry.until);
  return earlier ? plain(earlier) : date;
}

/** Who is on duty at an instant (nobody on a non-working day). */
export function dutyAt(input: { rotation: Rotation; changes: DutyChange[]; instant: Date }): DutyDay {
  const date = dutyDateAt(input.rotation, input.instant);
  return planDuty({ rotation: input.rotation, changes: input.changes, from: date, to: date }).days[0]!;
}

/** The instant of a date's handoff in the rotation's zone (DST-aware). */
export function handoffInstant(rotation: Pick<Rotation, 'timeZone' | 'handoffTime'> & Earlier, date: CivilDate): Date {
  const settings = rotation.earlier?.find((entry) => date < entry.until) ?? rotation;
  return instantOf(date, parseClockTime(settings.handoffTime), settings.timeZone);
}

/** The next working day on or after `date`. */
export function nextWorkingDay(rotation: Pick<Rotation, 'workingDays' | 'holidays'> & Earlier, date: CivilDate): CivilDate | null {
  if (rotation.workingDays.length === 0) return null;
  let day = date;
  for (let guard = 0; guard < 3660; guard += 1) {
    if (isWorkingDay(rotation, day)) return day;
    day = addDays(day, 1);
  }
  return null;
}

export interface FairnessRow {
  personId: string;
  served: number;
  /** The share of the window's primary days their weight entitles them to. */
  target: number;
  /** (served − target) / target, e.g. +0.25 = 25 % above target. */
  deviation: number;
  /** "+25 % of target", "−10 % of target", "on target". */
  label: string;
}

/**
 * Primary days served against each member's weighted share, over the plan's days: each day's share
 * goes to the primaries of the settings in force that day, so people who left keep the days they served.
 */
export function fairness(rotation: Rotation, plan: DutyPlan): FairnessRow[] {
  const served = new Map<string, number>();
  const targets = new Map<string, number>();
  const order: string[] = rotation.members.filter((member) => member.role === 'primary' && member.weight > 0).map((member) => member.personId);
  for (const day of plan.days) {
    if (!day.primary) continue;
    served.set(day.primary.personId, (served.get(day.primary.personId) ?? 0) + 1);
    const primaries = settingsOn(rotation, day.date).members.filter((member) => member.role === 'primary' && member.weight > 0);
    const totalWeight = primaries.reduce((sum, member) => sum + member.weight, 0);
    for (const member of primaries) {
      targets.set(member.personId, (targets.get(member.personId) ?? 0) + member.weight / totalWeight);
      if (!order.includes(member.personId)) order.push(member.personId);
    }
  }
  // People who were no primary in the window (a later hire) are left out, unless nobody served at all.
  const inWindow = served.size === 0 ? order : order.filter((personId) => targets.has(personId) || served.has(personId));
  return inWindow.map((personId) => {
    const target = targets.get(personId) ?? 0;
    const count = served.get(personId) ?? 0;
    const deviation = target > 0 ? (count - target) / target : 0;
    const percent = Math.round(deviation * 100);
    return {
      personId,
      served: count,
      target: Math.round(target * 10) / 10,
      deviation,
      label: percent === 0 ? 'on target' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)} % of target`,
    };
  });
}

/**
 * The duty day to remind people about at an instant: on a working day, from its handoff time on,
 * the next working day (so a Friday reminds about Monday). Null on other days and before the handoff.
 */
export function reminderDayAt(rotation: Pick<Rotation, 'timeZone' | 'handoffTime' | 'workingDays' | 'holidays' | 'startDate'> & Earlier, instant: Date): CivilDate | null {
  const today = dutyDateAt(rotation, instant);
  if (!isWorkingDay(rotation, today) || instant < handoffInstant(rotation, today)) return null;
  const next = nextWorkingDay(rotation, addDays(today, 1));
  return next && next >= rotation.startDate ? next : null;
}
