import { describe, expect, it } from 'vitest';
import { latestDigestSlot, nextDigestSlot, previousDigestSlot } from './digest-schedule.js';

describe('digest schedule: Monday 08:00 on the recipient’s clock', () => {
  it('finds the latest Monday 08:00 in Paris and New York across the autumn clock changes', () => {
    // Europe leaves summer time on Sunday 25 October 2026, the United States on Sunday 1 November.
    expect(latestDigestSlot(new Date('2026-10-21T12:00:00Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-19T06:00:00.000Z');
    expect(latestDigestSlot(new Date('2026-10-28T12:00:00Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-26T07:00:00.000Z');
    expect(latestDigestSlot(new Date('2026-10-28T12:00:00Z'), 'America/New_York', 'weekly').toISOString()).toBe('2026-10-26T12:00:00.000Z');
    expect(latestDigestSlot(new Date('2026-11-04T12:00:00Z'), 'America/New_York', 'weekly').toISOString()).toBe('2026-11-02T13:00:00.000Z');
  });

  it('waits until 08:00 local on Monday itself', () => {
    expect(latestDigestSlot(new Date('2026-10-26T06:59:59Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-19T06:00:00.000Z');
    expect(latestDigestSlot(new Date('2026-10-26T07:00:00Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-26T07:00:00.000Z');
  });

  it('does daily digests at 08:00 local, and steps back one period', () => {
    expect(latestDigestSlot(new Date('2026-11-28T07:30:00Z'), 'Asia/Tokyo', 'daily').toISOString()).toBe('2026-11-27T23:00:00.000Z');
    expect(previousDigestSlot(new Date('2026-10-26T07:00:00Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-19T06:00:00.000Z');
    expect(previousDigestSlot(new Date('2026-11-02T13:00:00Z'), 'America/New_York', 'daily').toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });

  it('finds the next digest time, across a clock change', () => {
    expect(nextDigestSlot(new Date('2026-10-21T12:00:00Z'), 'Europe/Paris', 'weekly').toISOString()).toBe('2026-10-26T07:00:00.000Z');
    expect(nextDigestSlot(new Date('2026-10-31T14:00:00Z'), 'America/New_York', 'daily').toISOString()).toBe('2026-11-01T13:00:00.000Z');
  });
});
