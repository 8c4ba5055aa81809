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

/**
 * Intl formatters are costly to build (ICU looks up the locale's data each time), and a list
 * shows two times per row: built once per locale, zone and shape, then reused.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const zones = new Map<string, string | undefined>();

function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? null, options]);
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = relativeFormats.get(key);
  if (!format) relativeFormats.set(key, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format;
}

function zoneOrUndefined(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  if (zones.has(timeZone)) return zones.get(timeZone);
  let zone: string | undefined;
  try {
    dateFormat('en', { timeZone });
    zone = timeZone;
  } catch {
    zone = undefined;
  }
  zones.set(timeZone, zone);
  return zone;
}

export function formatWhen(iso: string, { now = Date.now(), timeZone, locale }: WhenOptions = {}): string {
  const time = new Date(iso).getTime();
  const difference = time - now;
  const zone = zoneOrUndefined(timeZone);
  if (Math.abs(difference) < DAY) {
    const relative = relativeFormat(locale);
    const minutes = Math.round(difference / 60_000);
    if (minutes === 0) return relative.format(0, 'second');
    if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
    return relative.format(Math.round(difference / 3_600_000), 'hour');
  }
  const years = dateFormat('en', { timeZone: zone, year: 'numeric' });
  return dateFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    ...(years.format(time) === years.format(now) ? { hour: '2-digit', minute: '2-digit' } : { year: 'numeric' }),
  }).format(time);
}

/** The full time with its time zone, for the tooltip. */
export function formatWhenFull(iso: string, { timeZone, locale }: WhenOptions = {}): string {
  return dateFormat(locale, {
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
