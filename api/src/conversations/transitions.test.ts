import { describe, expect, it } from 'vitest';
import { checkTransition, TRANSITIONS } from './transitions.js';

const now = new Date('2026-11-28T10:00:00Z');
const later = new Date('2026-11-29T09:00:00Z');

describe('conversation status transitions', () => {
  it('lets an open conversation go to every other status', () => {
    for (const to of ['pending', 'closed', 'spam'] as const) expect(checkTransition('open', to, null, now)).toEqual({ ok: true });
    expect(checkTransition('open', 'snoozed', later, now)).toEqual({ ok: true });
  });

  it('needs a future wake-up time to snooze, and only then', () => {
    expect(checkTransition('open', 'snoozed', null, now)).toMatchObject({ ok: false, reason: expect.stringContaining('snoozedUntil') });
    expect(checkTransition('open', 'snoozed', new Date('2026-11-28T09:00:00Z'), now)).toMatchObject({ ok: false, reason: expect.stringContaining('future') });
    expect(checkTransition('open', 'closed', later, now)).toMatchObject({ ok: false });
    expect(checkTransition('snoozed', 'snoozed', later, now)).toEqual({ ok: true });
  });

  it('keeps spam out of the inbox until someone says it is not spam', () => {
    expect(checkTransition('spam', 'closed', null, now)).toMatchObject({ ok: false, reason: expect.stringContaining('not spam') });
    expect(checkTransition('spam', 'open', null, now)).toEqual({ ok: true });
    expect(checkTransition('closed', 'pending', null, now)).toMatchObject({ ok: false });
  });

  it('can reach open from every status', () => {
    for (const from of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
      expect(checkTransition(from, 'open', null, now).ok).toBe(true);
    }
  });
});
