/** Calendar helpers for the rotation pages, on plain YYYY-MM-DD strings (no time zones involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The Monday of the week containing `date`. */
export function mondayOf(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function formatDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** Today on the zone's clock, or on the browser's while the zone is not (yet) a valid IANA name. */
export function todayInOrHere(timeZone: string): string {
  try {
    return todayIn(timeZone);
  } catch {
    return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }
}

/** The first working day on or after `today` (ISO weekdays, 1 = Monday): a new rotation's default first day, never a past one. */
export function firstWorkingDayFrom(today: string, workingDays: number[]): string {
  for (let offset = 0; offset < 7; offset++) {
    const date = addDays(today, offset);
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const isoWeekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
    if (workingDays.includes(isoWeekday)) return date;
  }
  return today;
}
