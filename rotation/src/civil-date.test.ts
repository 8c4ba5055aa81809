import { describe, expect, it } from 'vitest';
import { addDays, civilDateAt, daysBetween, eachDate, isoWeekday, parseCivilDate } from './civil-date.js';

const d = parseCivilDate;

describe('civil dates', () => {
  it.each([
    ['2026-03-29', 7], // Sunday of the European spring-forward
    ['2026-03-30', 1],
    ['2026-11-01', 7],
    ['2024-02-29', 4],
    ['1969-12-31', 3],
  ])('%s is ISO weekday %i', (date, weekday) => {
    expect(isoWeekday(d(date))).toBe(weekday);
  });

  it('adds days across month, year and DST boundaries without drifting', () => {
    expect(addDays(d('2026-03-28'), 2)).toBe('2026-03-30');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(daysBetween(d('2026-01-01'), d('2027-01-01'))).toBe(365);
    expect(eachDate(d('2026-10-24'), d('2026-10-27'))).toEqual(['2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => d('2026-02-30')).toThrow(/No such date/);
    expect(() => d('29/03/2026')).toThrow(/Not a date/);
  });

  it.each([
    // Pacific/Apia is UTC+13: early UTC morning is already the next day there.
    ['2026-06-01T12:00:00Z', 'Pacific/Apia', '2026-06-02'],
    ['2026-06-01T03:00:00Z', 'America/New_York', '2026-05-31'],
    // Lord Howe shifts by half an hour: 13:30 UTC is 00:00 (+10:30) in October after the change.
    ['2026-10-04T13:30:00Z', 'Australia/Lord_Howe', '2026-10-05'],
    ['2026-03-29T00:59:00Z', 'Europe/Paris', '2026-03-29'],
  ])('%s falls on the date in %s it should', (instant, zone, expected) => {
    expect(civilDateAt(new Date(instant), zone)).toBe(expected);
  });
});
