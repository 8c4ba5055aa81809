/**
 * Failed sign-ins are throttled per account (stops guessing one person's password) and per
 * address (stops spraying one password over many accounts). Counts come from audit_event.
 */
export const SIGN_IN_LIMITS = { windowSeconds: 15 * 60, perAccount: 5, perAddress: 20 } as const;

export interface FailureWindow {
  /** Failed sign-ins inside the window. */
  count: number;
  /** When the oldest of them happened; null when count is 0. */
  oldest: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function decideSignInThrottle(input: { account: FailureWindow; address: FailureWindow; now: Date }): ThrottleDecision {
  const waits = [
    waitFor(input.account, SIGN_IN_LIMITS.perAccount, input.now),
    waitFor(input.address, SIGN_IN_LIMITS.perAddress, input.now),
  ].filter((seconds): seconds is number => seconds !== null);
  if (waits.length === 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(...waits) };
}

function waitFor(window: FailureWindow, limit: number, now: Date): number | null {
  if (window.count < limit || window.oldest === null) return null;
  const freesAt = window.oldest.getTime() + SIGN_IN_LIMITS.windowSeconds * 1000;
  return Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000));
}
