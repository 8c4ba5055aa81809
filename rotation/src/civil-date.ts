/**
 * Calendar dates without a time or a zone ("2026-03-29"), the unit duty is planned in.
 * Arithmetic runs on a day count, never on instants, so DST shifts cannot move a date.
 */
export type CivilDate = string & { readonly __civilDate: unique symbol };

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function parseCivilDate(value: string): CivilDate {
  const match = PATTERN.exec(value);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): "${value}"`);
  const [, year, month, day] = match;
  const days = Date.UTC(Number(year), Number(month) - 1, Number(day)) / MS_PER_DAY;
  // Date.UTC rolls 2026-02-30 over to March: reject instead.
  if (fromDayNumber(days) !== value) throw new RangeError(`No such date: "${value}"`);
  return value as CivilDate;
}

/** Days since 1970-01-01. */
export function toDayNumber(date: CivilDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(days: number): CivilDate {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10) as CivilDate;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Every date from `from` to `to`, both included. */
export function eachDate(from: CivilDate, to: CivilDate): CivilDate[] {
  const dates: CivilDate[] = [];
  for (let day = toDayNumber(from); day <= toDayNumber(to); day += 1) dates.push(fromDayNumber(day));
  return dates;
}

/** The calendar date an instant falls on in a time zone (IANA name). */
export function civilDateAt(instant: Date, timeZone: string): CivilDate {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}` as CivilDate;
}
