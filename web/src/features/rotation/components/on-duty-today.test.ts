import { describe, expect, it } from 'vitest';
import type { DutyNowDto } from '../../../../../api/src/duty/duty.types';
import { dutyNowText, handoffLabel } from './on-duty-today';

describe('the top bar’s handoff time', () => {
  const friday = new Date('2026-12-04T17:46:00Z');
  it('is a bare time when the handoff is later today on the rotation’s clock', () => {
    expect(handoffLabel('2026-12-04T20:00:00Z', 'UTC', 'UTC', friday)).not.toMatch(/Sat|Fri/);
  });
  it('names the day when the handoff is tomorrow morning or after the weekend, even within 24 hours', () => {
    expect(handoffLabel('2026-12-05T09:00:00Z', 'UTC', 'UTC', friday)).toMatch(/^Sat/);
    expect(handoffLabel('2026-12-07T09:00:00Z', 'UTC', 'UTC', friday)).toMatch(/^Mon/);
  });
  it('names the day when the handoff is tomorrow on the reader’s clock though today on the rotation’s', () => {
    // Friday 23:30 in Paris; the handoff at 23:30 UTC is already Saturday 00:30 there.
    expect(handoffLabel('2026-12-04T23:30:00Z', 'UTC', 'Europe/Paris', new Date('2026-12-04T22:30:00Z'))).toMatch(/^Fri 23:30 UTC \(Sat 00:30 your time\)$/);
  });
});

describe('the top bar’s on-duty line', () => {
  const person = (name: string): DutyNowDto['primary'] => ({ personId: name, name, provenance: 'rotation' });
  // Friday's duty (Grace) runs until Saturday 09:00; nobody over the weekend; Linus from Monday 09:00.
  const weekend: DutyNowDto = {
    rotationId: 'r',
    rotationName: 'Everyone on Support',
    timeZone: 'UTC',
    date: '2026-12-04',
    primary: person('Grace Designer'),
    buddy: null,
    shadow: null,
    until: '2026-12-05T09:00:00.000Z',
    next: { date: '2026-12-07', from: '2026-12-07T09:00:00.000Z', primary: person('Linus Programmer') },
  };
  const saturdayNight = new Date('2026-12-05T00:48:00Z');

  it('on Saturday night: Friday’s duty ends this morning (today), Monday’s handoff names its day; the zone once', () => {
    expect(dutyNowText(weekend, 'UTC', saturdayNight)).toBe('Grace Designer until 09:00; Linus Programmer from Mon 09:00 UTC');
  });
  it('on Friday evening both handoffs name their day', () => {
    expect(dutyNowText(weekend, 'UTC', new Date('2026-12-04T18:00:00Z'))).toBe('Grace Designer until Sat 09:00; Linus Programmer from Mon 09:00 UTC');
  });
  it('keeps the reader’s own clock beside each time when it differs', () => {
    expect(dutyNowText(weekend, 'Europe/Paris', saturdayNight)).toBe('Grace Designer until 09:00 UTC (10:00 your time); Linus Programmer from Mon 09:00 UTC (10:00 your time)');
  });
  it('says “then” when the next person takes over at the handoff', () => {
    const weekday = { ...weekend, date: '2026-12-02', until: '2026-12-03T09:00:00.000Z', next: { date: '2026-12-03', from: '2026-12-03T09:00:00.000Z', primary: person('Linus Programmer') } };
    expect(dutyNowText(weekday, 'UTC', new Date('2026-12-03T07:00:00Z'))).toBe('Grace Designer until 09:00 UTC, then Linus Programmer');
  });
  it('before the first day (or on a weekend day of its own): “nobody”, and who comes when', () => {
    expect(dutyNowText({ ...weekend, primary: null }, 'UTC', saturdayNight)).toBe('nobody; Linus Programmer from Mon 09:00 UTC');
  });
});
