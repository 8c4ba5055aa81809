import { describe, expect, it } from 'vitest';
import { firstWorkingDayFrom } from './week';

describe('a new rotation’s default first day', () => {
  const weekdays = [1, 2, 3, 4, 5];
  it('is today on a working day', () => {
    expect(firstWorkingDayFrom('2026-12-02', weekdays)).toBe('2026-12-02');
  });
  it('is the next working day on a Saturday, not the Monday already past', () => {
    expect(firstWorkingDayFrom('2026-12-05', weekdays)).toBe('2026-12-07');
    expect(firstWorkingDayFrom('2026-12-06', weekdays)).toBe('2026-12-07');
  });
  it('follows the chosen working days, across a month end', () => {
    expect(firstWorkingDayFrom('2026-12-29', [6])).toBe('2027-01-02');
    expect(firstWorkingDayFrom('2026-12-05', [6, 7])).toBe('2026-12-05');
  });
});
