import { describe, expect, it } from 'vitest';
import { formatWhen, formatWhenFull } from './when';

const now = Date.parse('2026-12-04T12:00:00Z');
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

describe('formatWhen', () => {
  it.each([
    [at(-20_000), 'en-GB', 'UTC', 'now'],
    [at(-5 * 60_000), 'en-GB', 'UTC', '5 minutes ago'],
    [at(-3 * 3_600_000), 'en-GB', 'UTC', '3 hours ago'],
    [at(3 * 3_600_000), 'en-GB', 'UTC', 'in 3 hours'],
    ['2026-12-01T09:05:00Z', 'en-GB', 'UTC', '1 Dec, 09:05'],
    ['2026-12-01T09:05:00Z', 'en-GB', 'Europe/Paris', '1 Dec, 10:05'],
    ['2026-12-01T09:05:00Z', 'de-DE', 'Europe/Berlin', '1. Dez., 10:05'],
    ['2025-06-30T09:05:00Z', 'en-GB', 'UTC', '30 Jun 2025'],
  ])('%s in %s (%s) → %s', (iso, locale, timeZone, expected) => {
    expect(formatWhen(iso, { now, locale, timeZone })).toBe(expected);
  });

  it('never shows seconds, and the tooltip names the time zone', () => {
    expect(formatWhenFull('2026-12-01T09:05:42Z', { locale: 'en-GB', timeZone: 'Europe/Paris' })).toBe('Tue, 1 Dec 2026, 10:05 CET');
    expect(formatWhen('2026-12-01T09:05:42Z', { now, locale: 'en-GB', timeZone: 'UTC' })).not.toContain('42');
  });

  it('falls back to the browser’s zone for an unknown one', () => {
    expect(() => formatWhen('2026-12-01T09:05:00Z', { now, locale: 'en-GB', timeZone: 'Not/AZone' })).not.toThrow();
  });
});
