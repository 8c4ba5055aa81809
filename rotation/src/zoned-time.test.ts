import { describe, expect, it } from 'vitest';
import { parseCivilDate as d } from './civil-date.js';
import { instantOf, localTimeAt, offsetMinutesAt, parseClockTime } from './zoned-time.js';

describe('zoned time', () => {
  it.each([
    ['09:00 Europe/Paris the day before spring-forward', '2026-03-28', '09:00', 'Europe/Paris', '2026-03-28T08:00:00.000Z'],
    ['09:00 Europe/Paris across the spring-forward night', '2026-03-29', '09:00', 'Europe/Paris', '2026-03-29T07:00:00.000Z'],
    ['02:30 Europe/Paris does not exist on 29 March: 03:30', '2026-03-29', '02:30', 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    ['02:30 Europe/Paris on the autumn night happens twice: the first', '2026-10-25', '02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
    ['09:00 America/New_York after the March change', '2026-03-08', '09:00', 'America/New_York', '2026-03-08T13:00:00.000Z'],
    ['09:00 America/New_York after the November change', '2026-11-01', '09:00', 'America/New_York', '2026-11-01T14:00:00.000Z'],
    ['09:00 Australia/Lord_Howe before its half-hour shift', '2026-10-03', '09:00', 'Australia/Lord_Howe', '2026-10-02T22:30:00.000Z'],
    ['09:00 Australia/Lord_Howe after its half-hour shift', '2026-10-04', '09:00', 'Australia/Lord_Howe', '2026-10-03T22:00:00.000Z'],
    ['09:00 Pacific/Apia, across the date line', '2026-06-01', '09:00', 'Pacific/Apia', '2026-05-31T20:00:00.000Z'],
  ])('%s', (_name, date, time, zone, expected) => {
    expect(instantOf(d(date), parseClockTime(time), zone).toISOString()).toBe(expected);
  });

  it('reads the local date and time of an instant', () => {
    expect(localTimeAt(new Date('2026-05-31T20:00:00Z'), 'Pacific/Apia')).toEqual({ date: '2026-06-01', minutes: 9 * 60 });
    expect(localTimeAt(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toEqual({ date: '2026-03-29', minutes: 3 * 60 });
  });

  it('knows Lord Howe’s half-hour offsets', () => {
    expect(offsetMinutesAt(new Date('2026-07-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe(630);
    expect(offsetMinutesAt(new Date('2026-12-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe(660);
  });

  it('rejects a malformed time of day', () => {
    expect(() => parseClockTime('9am')).toThrow(/HH:MM/);
  });
});
