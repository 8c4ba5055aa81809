import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type CivilDate, type DutyChange, type DutyDay, type DutyPlan, planDuty, type Rotation } from '../../../rotation/src/index.js';
import { LiveEvents } from '../database/live-events.js';

/** A stored rotation as rotation/ sees it, with its members' names. */
export interface RotationDomain {
  rotation: Rotation;
  changes: DutyChange[];
  names: Map<string, string>;
}

/** A safety net for an invalidation missed while the event connection reconnects; names can lag this long. */
const MAX_AGE_MS = 60_000;
const MAX_DAYS_PER_ROTATION = 1_000;
const MAX_RANGES_PER_ROTATION = 50;

interface Entry {
  loadedAt: number;
  domain: Promise<RotationDomain>;
  days: Map<CivilDate, DutyDay>;
  /** Whole plans by "from..to": a calendar page, a report period. */
  ranges: Map<string, DutyPlan>;
}

/**
 * Rotations and their planned days, kept between calls: routing a batch of mail, pinning a quote
 * or showing who is on duty asks for one day of a plan that rotation/ computes from the rotation's
 * start, so each (rotation, day) is planned once; a calendar page or a report period asks for a
 * range of days, planned once per (rotation, range). Every change to a rotation invalidates it here at
 * once and, through the live-events channel, in every other process.
 */
@Injectable()
export class DutyPlanCache implements OnModuleInit, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly live: LiveEvents) {}

  onModuleInit(): void {
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'rotation') this.invalidate(event.rotationId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The rotation, loaded by `load` when not cached (or cached too long ago). */
  domain(id: string, load: () => Promise<RotationDomain>): Promise<RotationDomain> {
    return this.entry(id, load).domain;
  }

  /** One day of the rotation's plan (every role), planned once per rotation version. */
  async day(id: string, date: CivilDate, load: () => Promise<RotationDomain>): Promise<DutyDay> {
    const entry = this.entry(id, load);
    const { rotation, changes } = await entry.domain;
    let day = entry.days.get(date);
    if (!day) {
      day = planDuty({ rotation, changes, from: date, to: date }).days[0]!;
      if (entry.days.size >= MAX_DAYS_PER_ROTATION) entry.days.clear();
      entry.days.set(date, day);
    }
    return day;
  }

  /**
   * The rotation's plan for from..to (every role, with the ledger), planned once per rotation version.
   * Callers get the cached object: they must not change it.
   */
  async range(id: string, from: CivilDate, to: CivilDate, load: () => Promise<RotationDomain>): Promise<DutyPlan> {
    const entry = this.entry(id, load);
    const { rotation, changes } = await entry.domain;
    const key = `${from}..${to}`;
    let plan = entry.ranges.get(key);
    if (!plan) {
      plan = planDuty({ rotation, changes, from, to });
      if (entry.ranges.size >= MAX_RANGES_PER_ROTATION) entry.ranges.delete(entry.ranges.keys().next().value!);
      entry.ranges.set(key, plan);
    }
    return plan;
  }

  /** Forgets one rotation (or all, with null): the next call loads it again. */
  invalidate(id: string | null): void {
    if (id === null) this.entries.clear();
    else this.entries.delete(id);
  }

  private entry(id: string, load: () => Promise<RotationDomain>): Entry {
    const cached = this.entries.get(id);
    if (cached && performance.now() - cached.loadedAt < MAX_AGE_MS) return cached;
    const entry: Entry = { loadedAt: performance.now(), domain: load(), days: new Map(), ranges: new Map() };
    this.entries.set(id, entry);
    // A failed load is not remembered.
    entry.domain.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    return entry;
  }
}
