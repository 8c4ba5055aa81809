import { describe, expect, it } from 'vitest';
import { formatZonedTime, zoneCity } from './zoned-clock';

describe('formatZonedTime', () => {
  it.each([
    ['a London teammate of a Berlin rotation', '2026-12-07T08:00:00Z', 'Europe/Berlin', 'Europe/London', false, '09:00 Berlin (08:00 your time)'],
    ['someone in the rotation’s own zone', '2026-12-07T08:00:00Z', 'Europe/Berlin', 'Europe/Berlin', false, '09:00 Berlin'],
    ['a zone with the same clock that day', '2026-12-07T08:00:00Z', 'Europe/Berlin', 'Europe/Paris', false, '09:00 Berlin'],
    ['summer time in both', '2026-07-06T07:00:00Z', 'Europe/Berlin', 'Europe/London', false, '09:00 Berlin (08:00 your time)'],
    ['the same day in both, with weekdays: the day is said once', '2026-12-07T08:00:00Z', 'Europe/Berlin', 'Pacific/Auckland', true, 'Mon 09:00 Berlin (21:00 your time)'],
    ['another day on the reader’s clock, with weekdays', '2026-12-07T00:30:00Z', 'Europe/Berlin', 'America/New_York', true, 'Mon 01:30 Berlin (Sun 19:30 your time)'],
    ['a city with a space', '2026-12-07T12:00:00Z', 'America/Argentina/Buenos_Aires', 'UTC', false, '09:00 Buenos Aires (12:00 your time)'],
  ])('%s', (_name, iso, zone, yourZone, weekday, expected) => {
    expect(formatZonedTime(iso, { zone, yourZone, locale: 'en-GB', weekday })).toBe(expected);
  });

  it('names UTC as UTC', () => {
    expect(zoneCity('UTC')).toBe('UTC');
  });
});
