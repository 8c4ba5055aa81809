import { createHash } from 'node:crypto';

/**
 * Sign-in throttling that locks nobody out. Failed sign-ins are counted per (account, address)
 * pair, so guessing one person's password from one place slows down without touching the owner
 * elsewhere, and per address, so spraying one password over many accounts slows down too. Each
 * failure past the free ones doubles the wait (1 s, 2 s, 4 s … 15 min). A browser that signed in
 * to the account before (its signed device cookie) is counted on its own, so the owner's correct
 * password from their own device passes while the account is under attack. The account's own
 * count never blocks; it only tells the owner.
 *
 * The counting itself is claim_sign_in_attempt (a migration): one statement that claims the
 * attempt for every key before the password is checked.
 */
export interface ThrottleRule {
  freeAttempts: number;
  maxDelaySeconds: number;
}

export const SIGN_IN_POLICY = {
  pair: { freeAttempts: 5, maxDelaySeconds: 15 * 60 },
  address: { freeAttempts: 20, maxDelaySeconds: 15 * 60 },
  device: { freeAttempts: 10, maxDelaySeconds: 15 * 60 },
  account: { freeAttempts: 2_147_483_647, maxDelaySeconds: 0 },
  /** Wrong second-step codes per person, whoever had their password: 5 free, then doubling waits. */
  second_factor: { freeAttempts: 5, maxDelaySeconds: 15 * 60 },
  /** A key without failures for this long starts over. */
  resetSeconds: 60 * 60,
  /** The account's failure (from anywhere) that tells its owner. */
  alertAtAccountFailure: 5,
} as const;

export type ThrottleKind = 'pair' | 'address' | 'device' | 'account' | 'second_factor';

export interface ThrottleKey {
  kind: ThrottleKind;
  /** sha256 of what it counts, so any email or address fits the index. */
  key: string;
  rule: ThrottleRule;
}

export function signInThrottleKeys(input: { email: string; ip: string | null; knownDeviceId: string | null }): ThrottleKey[] {
  const ip = input.ip ?? 'unknown';
  const key = (kind: ThrottleKind, value: string): ThrottleKey => ({
    kind,
    key: createHash('sha256').update(`${kind}\0${value}`).digest('hex'),
    rule: SIGN_IN_POLICY[kind],
  });
  if (input.knownDeviceId) return [key('device', input.knownDeviceId), key('account', input.email)];
  return [key('pair', `${input.email}\0${ip}`), key('address', ip), key('account', input.email)];
}

/** The second step's own count, per person (a stolen password must not buy unlimited code guesses). */
export function secondFactorThrottleKeys(personId: string): ThrottleKey[] {
  return [{ kind: 'second_factor', key: createHash('sha256').update(`second_factor\0${personId}`).digest('hex'), rule: SIGN_IN_POLICY.second_factor }];
}

/** True for the one failed attempt that should tell the account's owner (the claim that reached the alert count). */
export function shouldAlertOwner(keys: ThrottleKey[], failures: number[]): boolean {
  const index = keys.findIndex((key) => key.kind === 'account');
  return index >= 0 && failures[index] === SIGN_IN_POLICY.alertAtAccountFailure;
}

/** The wait after a key's n-th failure in a row, as claim_sign_in_attempt computes it. */
export function delayAfterFailures(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeAttempts) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** Math.min(failures - rule.freeAttempts, 30));
}

export function retryMessage(retryAfterSeconds: number): string {
  if (retryAfterSeconds < 60) return `Too many failed sign-ins. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
