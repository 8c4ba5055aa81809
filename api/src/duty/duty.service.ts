import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { addDays, type CivilDate, type DutyChange, dutyDateAt, type DutyDay, type EarlierSettings, fairness, handoffInstant, isWorkingDay, nextWorkingDay, parseCivilDate, planDuty, type Rotation, type RotationSettings, settingsOn } from '../../../rotation/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { createRotationRequestSchema, dutyChangeRequestSchema, updateRotationRequestSchema } from './duty.contract.js';
import type { CalendarDto, DutyAssignmentDto, DutyChangeDto, DutyNowDto, FairnessDto, HandoffNoteDto, RotationDto, UnroutedDto } from './duty.types.js';
import type { DutyChangeRow, RotationEarlierSettingsRow, RotationMemberRow, RotationRow } from './rotation.entity.js';
import { DutyPlanCache, type RotationDomain } from './duty-plan-cache.js';
import { RotationRepository } from './rotation.repository.js';

type CreateInput = z.output<typeof createRotationRequestSchema>;
type UpdateInput = z.output<typeof updateRotationRequestSchema>;
type ChangeInput = z.output<typeof dutyChangeRequestSchema>;

const MAX_CALENDAR_DAYS = 400;

/** The adapter between stored rotations and rotation/: it loads rows, rotation/ decides. */
@Injectable()
export class DutyService {
  /** Handoffs this process has seen claimed; the database claim stays the source of truth. */
  private readonly handedOff = new Set<string>();

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly rotations: RotationRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly plans: DutyPlanCache,
    private readonly live: LiveEvents,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Inside the transaction that changes a rotation: every other process drops its cached plan when
   * the transaction commits. The caller calls `changed(id)` after the commit for this process.
   */
  async announceChange(id: string, tx: Tx): Promise<void> {
    await this.live.publish({ type: 'rotation', rotationId: id }, tx);
  }

  /** After a change to the rotation committed: this process plans from the stored rows again. */
  changed(id: string): void {
    this.plans.invalidate(id);
  }

  async list(): Promise<RotationDto[]> {
    const rows = await this.rotations.list();
    const ids = rows.map((row) => row.id);
    const [members, mailboxes] = await Promise.all([this.rotations.members(ids), this.rotations.mailboxIds(ids)]);
    const result: RotationDto[] = [];
    for (const row of rows) {
      const { rotation } = await this.domain(row.id);
      result.push(
        toRotationDto(
          row,
          members.filter((member) => member.rotationId === row.id),
          mailboxes.filter((link) => link.rotationId === row.id).map((link) => link.mailboxId),
          this.editableFrom(rotation),
        ),
      );
    }
    return result;
  }

  async get(id: string): Promise<RotationDto> {
    if (!isUuid(id)) throw new AppError('not_found', 'No such rotation.');
    // One round trip: the row, its members and its mailboxes at once; then the domain, usually kept.
    const [row, members, mailboxes] = await Promise.all([this.load(id), this.rotations.members([id]), this.rotations.mailboxIds([id])]);
    const { rotation } = await this.domain(id);
    return toRotationDto(row, members, mailboxes.map((link) => link.mailboxId), this.editableFrom(rotation));
  }

  /** The primary on duty for a mailbox's rotation at an instant, or null (no rotation, nobody on duty). */
  async personOnDutyFor(mailboxId: string, instant: Date): Promise<string | null> {
    const rotationId = await this.rotations.rotationOfMailbox(mailboxId);
    if (!rotationId) return null;
    const { rotation } = await this.domain(rotationId);
    return (await this.dayOf(rotationId, dutyDateAt(rotation, instant))).primary?.personId ?? null;
  }

  /** The duty day (YYYY-MM-DD in the rotation's time zone) of a mailbox at an instant; the UTC date without a rotation. */
  async dutyDateFor(mailboxId: string, instant: Date): Promise<string> {
    const rotationId = await this.rotations.rotationOfMailbox(mailboxId);
    if (!rotationId) return instant.toISOString().slice(0, 10);
    const { rotation } = await this.domain(rotationId);
    return String(dutyDateAt(rotation, instant));
  }

  /**
   * Handoffs due by `instant`: for each rotation whose duty day has begun, claim that day's handoff
   * (exactly once across processes) and give the unassigned open conversations to the person on duty.
   */
  async runDueHandoffs(instant: Date): Promise<{ rotationId: string; dutyDate: string; personId: string | null; assigned: number }[]> {
    const performed: { rotationId: string; dutyDate: string; personId: string | null; assigned: number }[] = [];
    for (const row of await this.rotations.list()) {
      // Claimed already (by this process or another): nothing to load until the next duty day.
      const dutyDate = dutyDateAt(row, instant);
      const key = `${row.id}:${dutyDate}`;
      if (this.handedOff.has(key)) continue;
      const { rotation } = await this.domain(row.id);
      if (dutyDate < rotation.startDate || !isWorkingDay(rotation, dutyDate) || instant < handoffInstant(rotation, dutyDate)) continue;
      const personId = (await this.dayOf(row.id, dutyDate)).primary?.personId ?? null;
      const result = await this.transactions.run((tx) => this.rotations.claimHandoff(row.id, dutyDate, personId, tx));
      if (this.handedOff.size > 10_000) this.handedOff.clear();
      this.handedOff.add(key);
      if (result) performed.push({ rotationId: row.id, dutyDate, personId, assigned: result.assigned });
    }
    return performed;
  }

  async create(input: CreateInput, actor: Person, ip: string | null): Promise<RotationDto> {
    const { members, mailboxIds, ...fields } = input;
    await this.assertMembers(members);
    await this.assertMailboxes(mailboxIds);
    const row = await this.transactions.run(async (tx) => {
      const rotation = await this.rotations.insert({ ...fields, createdAt: this.clock.now() }, tx);
      await this.rotations.replaceMembers(rotation.id, members, tx);
      await this.rotations.replaceMailboxes(rotation.id, mailboxIds, tx);
      await this.audit.record({ actorId: actor.id, action: 'rotation.created', targetType: 'rotation', targetId: rotation.id, ip, details: { name: rotation.name } }, tx);
      await this.announceChange(rotation.id, tx);
      return rotation;
    });
    this.changed(row.id);
    return this.get(row.id);
  }

  /**
   * Changes a rotation. Planning settings (members and their order, working days, holidays, handoff
   * time, time zone, days per turn) take effect from `effectiveFrom`, by default the first duty day
   * that has not begun: the settings they replace are kept for the days before, so those days, and
   * the ledger of who covered whom, stay exactly as they were. Overrides and swaps stay in force (a
   * leaver's no longer apply after they left). Name and mailboxes change at once, re-planning nothing.
   */
  async update(id: string, input: UpdateInput, actor: Person, ip: string | null): Promise<RotationDto> {
    const { members, mailboxIds, effectiveFrom, ...fields } = input;
    if (members) await this.assertMembers(members);
    if (mailboxIds) await this.assertMailboxes(mailboxIds);
    const summary = await this.transactions.run(async (tx) => {
      const row = await this.rotations.lockById(id, tx);
      if (!row) throw new AppError('not_found', 'No such rotation.');
      const currentMembers = (await this.rotations.members([id])).map((member) => ({ personId: member.personId, role: member.role, weight: member.weight }));
      const earlier = (await this.rotations.earlierSettings(id, tx)).map(toEarlierSettings);
      const current: Rotation = { ...settingsOf(row, currentMembers), startDate: row.startDate as CivilDate, earlier };
      const next: RotationSettings = {
        timeZone: fields.timeZone ?? row.timeZone,
        workingDays: fields.workingDays ?? row.workingDays,
        holidays: (fields.holidays ?? row.holidays) as CivilDate[],
        handoffTime: fields.handoffTime ?? row.handoffTime,
        daysPerTurn: fields.daysPerTurn ?? row.daysPerTurn,
        members: members ?? currentMembers,
      };
      const editableFrom = this.editableFrom(current);
      const started = editableFrom > row.startDate;
      if (fields.startDate !== undefined && fields.startDate !== row.startDate && started) {
        throw new AppError('validation_failed', 'The rotation has begun: its first day stays. Changes take effect from a date instead.', { startDate: ['The rotation has begun'] });
      }
      const from = (effectiveFrom ?? editableFrom) as CivilDate;
      if (from < editableFrom) {
        throw new AppError('validation_failed', `Duty days before ${editableFrom} have begun and stay as they were; choose ${editableFrom} or later (an override changes a single day).`, {
          effectiveFrom: [`On or after ${editableFrom}`],
        });
      }
      const replanned = !sameSettings(settingsOf(row, currentMembers), next);
      if (replanned) {
        const firstDay = (fields.startDate ?? row.startDate) as CivilDate;
        let kept = from <= firstDay ? [] : earlier.filter((settings) => settings.until <= from);
        const lastUntil = kept.at(-1)?.until ?? firstDay;
        const before = settingsOn(current, addDays(from, -1));
        if (from > lastUntil && !sameSettings(before, next)) kept = [...kept, { ...pickSettings(before), until: from }];
        await this.rotations.replaceEarlierSettings(id, kept.map(toEarlierRow), tx);
      }
      Object.assign(row, Object.fromEntries(Object.entries({ ...fields, holidays: next.holidays }).filter(([, value]) => value !== undefined)));
      await this.rotations.save(row, tx);
      if (members) await this.rotations.replaceMembers(id, members, tx);
      if (mailboxIds) await this.rotations.replaceMailboxes(id, mailboxIds, tx);
      const previousIds = new Set(currentMembers.map((member) => member.personId));
      const nextIds = new Set(next.members.map((member) => member.personId));
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'rotation.updated',
          targetType: 'rotation',
          targetId: id,
          ip,
          details: {
            changed: Object.keys(input).filter((key) => key !== 'effectiveFrom' && input[key as keyof UpdateInput] !== undefined),
            effectiveFrom: replanned ? from : null,
            joined: [...nextIds].filter((person) => !previousIds.has(person)),
            left: [...previousIds].filter((person) => !nextIds.has(person)),
          },
        },
        tx,
      );
      await this.announceChange(id, tx);
      return replanned ? from : null;
    });
    this.changed(id);
    return { ...(await this.get(id)), replannedFrom: summary };
  }

  /** The first duty day an edit may re-plan: the day after the duty day running now. */
  private editableFrom(rotation: Rotation): CivilDate {
    return addDays(dutyDateAt(rotation, this.clock.now()), 1);
  }

  async calendar(id: string, from: string, to: string): Promise<CalendarDto> {
    const range = parseRange(from, to);
    const { names } = await this.domain(id);
    // Planned once per rotation version and range (a report period, a calendar page), until the rotation changes.
    const plan = await this.plans.range(id, range.from, range.to, () => this.loadDomain(id));
    return {
      rotationId: id,
      from: range.from,
      to: range.to,
      days: plan.days.map((day) => toDayDto(day, names)),
      ledger: plan.ledger,
    };
  }

  async fairness(id: string, from: string, to: string): Promise<FairnessDto> {
    const range = parseRange(from, to);
    const { rotation, changes, names } = await this.domain(id);
    const plan = planDuty({ rotation, changes, from: range.from, to: range.to });
    return { rotationId: id, from: range.from, to: range.to, rows: fairness(rotation, plan).map((row) => ({ ...row, name: names.get(row.personId) ?? '' })) };
  }

  /**
   * Every rotation's working duty days that overlap [start, end) (duty days begin at the handoff
   * time), with the primary on duty: one call for a whole period, as the digest needs it.
   */
  async dutyDaysBetween(start: Date, end: Date): Promise<{ rotation: RotationDto; days: { date: string; primary: DutyAssignmentDto | null }[] }[]> {
    const result: { rotation: RotationDto; days: { date: string; primary: DutyAssignmentDto | null }[] }[] = [];
    for (const entry of await this.list()) {
      const { rotation, changes, names } = await this.domain(entry.id);
      const from = dutyDateAt(rotation, start);
      const to = dutyDateAt(rotation, new Date(end.getTime() - 1));
      const days = planDuty({ rotation, changes, from, to }).days.filter((day) => day.date >= from && day.working);
      result.push({ rotation: entry, days: days.map((day) => ({ date: day.date, primary: toDayDto(day, names).primary })) });
    }
    return result;
  }

  /** Who is on duty now in each rotation. */
  async now(): Promise<DutyNowDto[]> {
    const instant = this.clock.now();
    const result: DutyNowDto[] = [];
    for (const row of await this.rotations.list()) {
      const { rotation, names } = await this.domain(row.id);
      const date = dutyDateAt(rotation, instant);
      const day = await this.dayOf(row.id, date);
      const nextDate = nextWorkingDay(rotation, addDays(date, 1));
      const next = nextDate ? { date: nextDate, from: handoffInstant(rotation, nextDate).toISOString(), primary: toDayDto(await this.dayOf(row.id, nextDate), names).primary } : null;
      result.push({ rotationId: row.id, rotationName: row.name, timeZone: settingsOn(rotation, date).timeZone, ...toDayDto(day, names), until: handoffInstant(rotation, addDays(date, 1)).toISOString(), next });
    }
    return result;
  }

  /** How many open unassigned conversations the rotation did not route, and who is on duty to take them. */
  async unrouted(id: string): Promise<UnroutedDto> {
    await this.load(id);
    const [count, [now]] = await Promise.all([this.rotations.countUnrouted(id), this.now().then((entries) => entries.filter((entry) => entry.rotationId === id))]);
    return { rotationId: id, count, onDuty: now?.primary ?? null };
  }

  /** An admin accepted the offer: the unrouted conversations go to the person on duty now, audited. */
  async assignUnrouted(id: string, actor: Person, ip: string | null): Promise<{ assigned: number; to: DutyAssignmentDto }> {
    const { onDuty } = await this.unrouted(id);
    if (!onDuty) throw new AppError('conflict', 'Nobody is on duty now: there is nobody to give these conversations to.');
    const assigned = await this.transactions.run(async (tx) => {
      const ids = await this.rotations.assignUnrouted(id, onDuty.personId, tx);
      for (const conversationId of ids) await this.live.publish({ type: 'conversation', conversationId }, tx);
      await this.audit.record({ actorId: actor.id, action: 'rotation.assigned_unrouted', targetType: 'rotation', targetId: id, ip, details: { count: ids.length, to: onDuty.personId } }, tx);
      return ids.length;
    });
    return { assigned, to: onDuty };
  }

  /**
   * The outgoing person's note for whoever takes over; dated with the duty day it was written on.
   * Addressed to a teammate (a member of the rotation, or anyone active), it notifies them.
   */
  async addHandoffNote(id: string, input: { text: string; addresseeId?: string | null }, actor: Person): Promise<HandoffNoteDto> {
    const [{ rotation }, row] = await Promise.all([this.domain(id), this.load(id)]);
    const addressee = input.addresseeId ? await this.rotations.activePerson(input.addresseeId) : null;
    if (input.addresseeId && !addressee) throw new AppError('validation_failed', 'There is no active teammate with that id to address the note to.', { addresseeId: ['Unknown teammate'] });
    return this.transactions.run(async (tx) => {
      const note = await this.rotations.insertHandoffNote({ rotationId: id, dutyDate: dutyDateAt(rotation, this.clock.now()), authorId: actor.id, addresseeId: addressee?.id ?? null, text: input.text }, tx);
      if (addressee) await this.notifications.handoffNote({ noteId: note.id, rotationName: row.name, addresseeId: addressee.id, text: note.text, actor }, tx);
      return {
        id: note.id,
        dutyDate: note.dutyDate,
        author: { id: actor.id, name: actor.name },
        addressee: addressee ? { id: addressee.id, name: addressee.name } : null,
        text: note.text,
        createdAt: note.createdAt.toISOString(),
      };
    });
  }

  async handoffNotes(id: string): Promise<HandoffNoteDto[]> {
    await this.load(id);
    return (await this.rotations.latestHandoffNotes(id, 5)).map((row) => ({
      id: row.id,
      dutyDate: row.dutyDate,
      author: { id: row.authorId, name: row.authorName },
      addressee: row.addresseeId ? { id: row.addresseeId, name: row.addresseeName ?? '' } : null,
      text: row.text,
      createdAt: new Date(row.createdAt).toISOString(),
    }));
  }

  async changes(id: string): Promise<DutyChangeDto[]> {
    await this.load(id);
    return (await this.rotations.allChanges(id)).map(toChangeDto);
  }

  /** Records an override, swap or absence. Members may record their own absences; the rest is for admins. */
  async addChange(id: string, input: ChangeInput, actor: Person, ip: string | null): Promise<DutyChangeDto> {
    await this.load(id);
    const isAdmin = actor.access === 'admin';
    if (!isAdmin && !(input.kind === 'absence' && input.personId === actor.id)) {
      throw new AppError('forbidden', 'Members can mark their own absences; overrides and swaps are made by an admin or through a swap request.');
    }
    const values =
      input.kind === 'override'
        ? { kind: input.kind, role: input.role, personId: input.personId, dateFrom: input.from, dateTo: input.to, otherPersonId: null, otherDate: null, redirectTo: null }
        : input.kind === 'swap'
          ? { kind: input.kind, role: input.role, personId: input.personA, dateFrom: input.dateA, dateTo: input.dateA, otherPersonId: input.personB, otherDate: input.dateB, redirectTo: null }
          : { kind: input.kind, role: null, personId: input.personId, dateFrom: input.from, dateTo: input.to, otherPersonId: null, otherDate: null, redirectTo: input.redirectTo };
    const people = [values.personId, values.otherPersonId, values.redirectTo].filter((person): person is string => person !== null);
    const active = await this.rotations.activePeople(people);
    if (people.some((person) => !active.has(person))) throw new AppError('validation_failed', 'Everyone named in a change must be an active person.', { personId: ['Unknown or deactivated person'] });
    if (values.dateFrom > values.dateTo) throw new AppError('validation_failed', '"from" must not be after "to".', { to: ['Before "from"'] });
    const change = await this.transactions.run(async (tx) => {
      const row = await this.rotations.insertChange({ rotationId: id, ...values, reason: input.reason, createdBy: actor.id }, tx);
      await this.audit.record({ actorId: actor.id, action: 'duty_change.created', targetType: 'rotation', targetId: id, ip, details: { changeId: row.id, kind: row.kind } }, tx);
      await this.announceChange(id, tx);
      return row;
    });
    this.changed(id);
    return toChangeDto(change);
  }

  async revokeChange(id: string, changeId: string, actor: Person, ip: string | null): Promise<void> {
    const change = isUuid(changeId) ? await this.rotations.findChange(changeId) : null;
    if (!change || change.rotationId !== id) throw new AppError('not_found', 'No such duty change.');
    if (actor.access !== 'admin' && change.createdBy !== actor.id) throw new AppError('forbidden', 'Only an admin or the person who made a change can revoke it.');
    await this.transactions.run(async (tx) => {
      await this.rotations.revokeChange(changeId, actor.id, this.clock.now(), tx);
      await this.audit.record({ actorId: actor.id, action: 'duty_change.revoked', targetType: 'rotation', targetId: id, ip, details: { changeId } }, tx);
      await this.announceChange(id, tx);
    });
    this.changed(id);
  }

  private async assertMembers(members: { personId: string }[]): Promise<void> {
    assertDistinctMembers(members);
    const active = await this.rotations.activePeople(members.map((member) => member.personId));
    if (members.some((member) => !active.has(member.personId))) {
      throw new AppError('validation_failed', 'Every member must be an active person.', { members: ['Unknown or deactivated person'] });
    }
  }

  private async assertMailboxes(ids: string[]): Promise<void> {
    const existing = await this.rotations.existingMailboxes(ids);
    if (ids.some((id) => !existing.has(id))) throw new AppError('validation_failed', 'Unknown mailbox.', { mailboxIds: ['Unknown mailbox'] });
  }

  private async load(id: string): Promise<RotationRow> {
    const row = isUuid(id) ? await this.rotations.findById(id) : null;
    if (!row) throw new AppError('not_found', 'No such rotation.');
    return row;
  }

  /** The stored rotation as rotation/ sees it. */
  domainOf(id: string): Promise<RotationDomain> {
    return this.domain(id);
  }

  /** One planned day of a rotation, from the cache. */
  private dayOf(id: string, date: CivilDate): Promise<DutyDay> {
    return this.plans.day(id, date, () => this.loadDomain(id));
  }

  private domain(id: string): Promise<RotationDomain> {
    return this.plans.domain(id, () => this.loadDomain(id));
  }

  private async loadDomain(id: string): Promise<RotationDomain> {
    const row = await this.load(id);
    const [members, changes, earlier] = await Promise.all([this.rotations.members([id]), this.rotations.activeChanges(id), this.rotations.earlierSettings(id)]);
    const people = new Set<string>(members.map((member) => member.personId));
    for (const settings of earlier) for (const member of settings.members) people.add(member.personId);
    for (const change of changes) for (const person of [change.personId, change.otherPersonId, change.redirectTo]) if (person) people.add(person);
    const names = await this.rotations.names([...people]);
    return {
      rotation: {
        ...settingsOf(
          row,
          members.map((member) => ({ personId: member.personId, role: member.role, weight: member.weight })),
        ),
        startDate: row.startDate as CivilDate,
        earlier: earlier.map(toEarlierSettings),
      },
      changes: changes.map(toDomainChange),
      names,
    };
  }
}

function settingsOf(row: RotationRow, members: RotationSettings['members']): RotationSettings {
  return { timeZone: row.timeZone, workingDays: row.workingDays, holidays: row.holidays as CivilDate[], handoffTime: row.handoffTime, daysPerTurn: row.daysPerTurn, members };
}

function pickSettings(settings: RotationSettings): RotationSettings {
  return { timeZone: settings.timeZone, workingDays: settings.workingDays, holidays: settings.holidays, handoffTime: settings.handoffTime, daysPerTurn: settings.daysPerTurn, members: settings.members };
}

function sameSettings(a: RotationSettings, b: RotationSettings): boolean {
  const key = (settings: RotationSettings) =>
    JSON.stringify([settings.timeZone, [...settings.workingDays].sort(), [...settings.holidays].sort(), settings.handoffTime, settings.daysPerTurn, settings.members.map((member) => [member.personId, member.role, member.weight])]);
  return key(a) === key(b);
}

function toEarlierSettings(row: RotationEarlierSettingsRow): EarlierSettings {
  return {
    until: row.untilDate as CivilDate,
    timeZone: row.timeZone,
    workingDays: row.workingDays,
    holidays: row.holidays as CivilDate[],
    handoffTime: row.handoffTime,
    daysPerTurn: row.daysPerTurn,
    members: row.members,
  };
}

function toEarlierRow(settings: EarlierSettings) {
  return {
    untilDate: settings.until,
    timeZone: settings.timeZone,
    workingDays: settings.workingDays,
    holidays: settings.holidays,
    handoffTime: settings.handoffTime,
    daysPerTurn: settings.daysPerTurn,
    members: settings.members.map((member) => ({ personId: member.personId, role: member.role, weight: member.weight })),
  };
}

function toDomainChange(row: DutyChangeRow): DutyChange {
  if (row.kind === 'override') return { kind: 'override', role: row.role ?? 'primary', from: row.dateFrom as CivilDate, to: row.dateTo as CivilDate, personId: row.personId };
  if (row.kind === 'swap') {
    return { kind: 'swap', role: row.role ?? 'primary', dateA: row.dateFrom as CivilDate, personA: row.personId, dateB: row.otherDate as CivilDate, personB: row.otherPersonId ?? '' };
  }
  return { kind: 'absence', personId: row.personId, from: row.dateFrom as CivilDate, to: row.dateTo as CivilDate, redirectTo: row.redirectTo };
}

function toRotationDto(row: RotationRow, members: (RotationMemberRow & { name: string })[], mailboxIds: string[], editableFrom: string): RotationDto {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    workingDays: row.workingDays,
    holidays: row.holidays,
    handoffTime: row.handoffTime,
    daysPerTurn: row.daysPerTurn,
    startDate: row.startDate,
    mailboxIds,
    members: members.map((member) => ({ personId: member.personId, name: member.name, role: member.role, weight: member.weight })),
    editableFrom,
    createdAt: row.createdAt.toISOString(),
  };
}

function toDayDto(day: DutyDay, names: Map<string, string>) {
  const assignment = (value: DutyDay['primary']): DutyAssignmentDto | null => (value ? { ...value, name: names.get(value.personId) ?? '' } : null);
  return { date: day.date, working: day.working, primary: assignment(day.primary), buddy: assignment(day.buddy), shadow: assignment(day.shadow) };
}

function toChangeDto(row: DutyChangeRow): DutyChangeDto {
  return {
    id: row.id,
    kind: row.kind,
    role: row.role,
    personId: row.personId,
    from: row.dateFrom,
    to: row.dateTo,
    otherPersonId: row.otherPersonId,
    otherDate: row.otherDate,
    redirectTo: row.redirectTo,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

function parseRange(from: string, to: string): { from: CivilDate; to: CivilDate } {
  let range: { from: CivilDate; to: CivilDate };
  try {
    range = { from: parseCivilDate(from), to: parseCivilDate(to) };
  } catch (error) {
    throw new AppError('validation_failed', error instanceof Error ? error.message : 'Invalid dates.', { from: ['Use YYYY-MM-DD'] });
  }
  if (range.from > range.to) throw new AppError('validation_failed', '"from" must not be after "to".', { to: ['Before "from"'] });
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_CALENDAR_DAYS) throw new AppError('validation_failed', `Ask for at most ${MAX_CALENDAR_DAYS} days at a time.`, { to: ['Range too long'] });
  return range;
}

function assertDistinctMembers(members: { personId: string }[]): void {
  if (new Set(members.map((member) => member.personId)).size !== members.length) {
    throw new AppError('validation_failed', 'A person can be in a rotation only once.', { members: ['Duplicate person'] });
  }
}
