import { type CivilDate, fromDayNumber, toDayNumber } from './civil-date.js';

/** A wall-clock reading in a time zone: the date and minutes since local midnight. */
export interface LocalTime {
  date: CivilDate;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** What a clock in `timeZone` shows at `instant`. */
export function localTimeAt(instant: Date, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const date = `${String(part('year')).padStart(4, '0')}-${String(part('month')).padStart(2, '0')}-${String(part('day')).padStart(2, '0')}` as CivilDate;
  return { date, minutes: part('hour') * 60 + part('minute') };
}

/** The zone's offset from UTC at an instant, in minutes (Lord Howe: +630 or +660). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const local = localTimeAt(instant, timeZone);
  const seconds = instant.getUTCSeconds();
  const localAsUtc = toDayNumber(local.date) * 86_400_000 + local.minutes * 60_000 + seconds * 1000;
  return Math.round((localAsUtc - (instant.getTime() - instant.getUTCMilliseconds())) / 60_000);
}

/**
 * The instant a clock in `timeZone` shows `minutes` past midnight on `date`. A time skipped by a
 * spring-forward (02:30 on the night clocks jump to 03:00) maps to the instant the clock jumps to;
 * a time shown twice in the autumn maps to its first occurrence.
 */
export function instantOf(date: CivilDate, minutes: number, timeZone: string): Date {
  const wall = toDayNumber(date) * 86_400_000 + minutes * 60_000;
  // Read with the offset of the wall time itself and of a day earlier: in an autumn overlap both
  // readings exist and the earlier wins.
  const candidates = [wall - offsetMinutesAt(new Date(wall), timeZone) * 60_000, wall - offsetMinutesAt(new Date(wall - 86_400_000), timeZone) * 60_000];
  const exact = candidates
    .filter((candidate) => {
      const local = localTimeAt(new Date(candidate), timeZone);
      return local.date === date && local.minutes === minutes;
    })
    .sort((a, b) => a - b);
  if (exact.length > 0) return new Date(exact[0]!);
  // Skipped by a spring-forward: read with the offset from before the jump, the time moves forward by
  // the gap (02:30 becomes 03:30), as Temporal's "compatible" disambiguation does.
  return new Date(candidates[1]!);
}

/** "09:30" → 570. */
export function parseClockTime(value: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`Not a time of day (HH:MM): "${value}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function previousDate(date: CivilDate): CivilDate {
  return fromDayNumber(toDayNumber(date) - 1);
}
