import { describe, expect, it } from 'vitest';
import { decideSignInThrottle, SIGN_IN_LIMITS } from './sign-in-throttle.js';

const now = new Date('2026-03-29T09:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
const none = { count: 0, oldest: null };

describe('decideSignInThrottle', () => {
  it.each([
    { name: 'no failures', account: none, address: none, expected: { allowed: true } },
    { name: 'four failures on the account', account: { count: 4, oldest: minutesAgo(3) }, address: none, expected: { allowed: true } },
    {
      name: 'five failures on the account, oldest 3 minutes ago',
      account: { count: SIGN_IN_LIMITS.perAccount, oldest: minutesAgo(3) },
      address: none,
      expected: { allowed: false, retryAfterSeconds: 12 * 60 },
    },
    {
      name: 'twenty failures from one address over many accounts',
      account: none,
      address: { count: SIGN_IN_LIMITS.perAddress, oldest: minutesAgo(14) },
      expected: { allowed: false, retryAfterSeconds: 60 },
    },
    {
      name: 'both limits hit: the longer wait wins',
      account: { count: 9, oldest: minutesAgo(1) },
      address: { count: 30, oldest: minutesAgo(10) },
      expected: { allowed: false, retryAfterSeconds: 14 * 60 },
    },
  ])('$name', ({ account, address, expected }) => {
    expect(decideSignInThrottle({ account, address, now })).toEqual(expected);
  });
});
