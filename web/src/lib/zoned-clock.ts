/**
 * Times of a rotation for a reader elsewhere: the rotation's own clock first, named by its city, and
 * the reader's clock beside it when it differs ("09:00 Berlin (08:00 your time)").
 */
export interface ZonedClockOptions {
  /** The rotation's IANA zone. */
  zone: string;
  /** The reader's zone (their profile); the browser's when unknown. */
  yourZone?: string | undefined;
  locale?: string | undefined;
  /** Add the weekday ("Mon 09:00 …"), for times beyond the next day. */
  weekday?: boolean;
}

/** "Europe/Berlin" → "Berlin", "America/Argentina/Buenos_Aires" → "Buenos Aires", "UTC" → "UTC". */
export function zoneCity(zone: string): string {
  return (zone.split('/').at(-1) ?? zone).replaceAll('_', ' ');
}

function validZone(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

function clock(instant: Date, zone: string | undefined, locale: string | undefined, weekday: boolean): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(weekday ? { weekday: 'short' } : {}) }).format(instant);
}

/**
 * The instant on the rotation's clock and on the reader's, whether they read the same, and the
 * rotation's city, for callers that name the zone once for several times. With weekdays, the
 * reader's clock repeats the weekday only when it is another day there ("Mon 09:00 Berlin (21:00 your
 * time)", but "Mon 01:30 Berlin (Sun 19:30 your time)").
 */
export function zonedClocks(iso: string, { zone, yourZone, locale, weekday = false }: ZonedClockOptions): { there: string; here: string; sameClock: boolean; city: string } {
  const instant = new Date(iso);
  const theirs = validZone(zone);
  const yours = validZone(yourZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const there = clock(instant, theirs, locale, weekday);
  const hereWithDay = clock(instant, yours, locale, weekday);
  const sameDay = new Intl.DateTimeFormat('en', { timeZone: theirs, weekday: 'short' }).format(instant) === new Intl.DateTimeFormat('en', { timeZone: yours, weekday: 'short' }).format(instant);
  const here = weekday && sameDay ? clock(instant, yours, locale, false) : hereWithDay;
  return { there, here, sameClock: there === hereWithDay, city: zoneCity(theirs ?? 'UTC') };
}

/** "09:00 Berlin (08:00 your time)", or "09:00 Berlin" when the reader's clock reads the same. */
export function formatClocks({ there, here, sameClock, city }: ReturnType<typeof zonedClocks>): string {
  const named = `${there} ${city}`;
  return sameClock ? named : `${named} (${here} your time)`;
}

export function formatZonedTime(iso: string, options: ZonedClockOptions): string {
  return formatClocks(zonedClocks(iso, options));
}
