/**
 * One date format for the whole app, in the person's locale and time zone: relative for the last
 * (or next) day ("5 minutes ago", "in 3 hours"), absolute beyond ("3 Dec, 14:05"; another year adds
 * it); the tooltip always gives the full time with the time zone. Never seconds.
 */
export interface WhenOptions {
  now?: number;
  timeZone?: string | undefined;
  locale?: string | undefined;
}

const DAY = 86_400_000;

function zoneOrUndefined(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

export function formatWhen(iso: string, { now = Date.now(), timeZone, locale }: WhenOptions = {}): string {
  const time = new Date(iso).getTime();
  const difference = time - now;
  const zone = zoneOrUndefined(timeZone);
  if (Math.abs(difference) < DAY) {
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const minutes = Math.round(difference / 60_000);
    if (minutes === 0) return relative.format(0, 'second');
    if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
    return relative.format(Math.round(difference / 3_600_000), 'hour');
  }
  const year = (at: number) => new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(at);
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    ...(year(time) === year(now) ? { hour: '2-digit', minute: '2-digit' } : { year: 'numeric' }),
  }).format(time);
}

/** The full time with its time zone, for the tooltip. */
export function formatWhenFull(iso: string, { timeZone, locale }: WhenOptions = {}): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zoneOrUndefined(timeZone),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
