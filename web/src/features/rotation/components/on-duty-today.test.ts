import { describe, expect, it } from 'vitest';
import { handoffLabel } from './on-duty-today';

describe('the top bar’s handoff time', () => {
  const friday = new Date('2026-12-04T17:46:00Z');
  it('is a bare time when the handoff is later today on the rotation’s clock', () => {
    expect(handoffLabel('2026-12-04T20:00:00Z', 'UTC', 'UTC', friday)).not.toMatch(/Sat|Fri/);
  });
  it('names the day when the handoff is tomorrow morning or after the weekend, even within 24 hours', () => {
    expect(handoffLabel('2026-12-05T09:00:00Z', 'UTC', 'UTC', friday)).toMatch(/^Sat/);
    expect(handoffLabel('2026-12-07T09:00:00Z', 'UTC', 'UTC', friday)).toMatch(/^Mon/);
  });
});
