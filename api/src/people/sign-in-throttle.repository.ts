import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';
import { SIGN_IN_POLICY, type ThrottleKey } from './sign-in-throttle.js';

export type SignInClaim = { allowed: true; failures: number[] } | { allowed: false; retryAfterSeconds: number };

@Injectable()
export class SignInThrottleRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Claims one attempt for every key, all or none, in one statement (see the migration's claim_sign_in_attempt). */
  async claim(keys: ThrottleKey[], at: Date): Promise<SignInClaim> {
    const [row] = (await this.transactions.manager.query(
      `SELECT allowed, retry_after_seconds AS "retryAfterSeconds", failures FROM claim_sign_in_attempt($1::text[], $2::integer[], $3::integer[], $4, $5)`,
      [keys.map((key) => key.key), keys.map((key) => key.rule.freeAttempts), keys.map((key) => key.rule.maxDelaySeconds), SIGN_IN_POLICY.resetSeconds, at],
    )) as { allowed: boolean; retryAfterSeconds: number; failures: number[] | null }[];
    if (!row?.allowed) return { allowed: false, retryAfterSeconds: row?.retryAfterSeconds ?? 1 };
    return { allowed: true, failures: row.failures ?? [] };
  }

  /**
   * A correct password: the attempt claimed as a failure is given back. The pair, device and
   * account start over; the address (shared by everyone behind it) only loses this one count.
   */
  async settleSuccess(keys: ThrottleKey[]): Promise<void> {
    const shared = keys.filter((key) => key.kind === 'address').map((key) => key.key);
    const own = keys.filter((key) => key.kind !== 'address').map((key) => key.key);
    await this.transactions.manager.query(`DELETE FROM sign_in_throttle WHERE key = ANY($1::text[])`, [own]);
    if (shared.length) await this.transactions.manager.query(`UPDATE sign_in_throttle SET failures = GREATEST(failures - 1, 0) WHERE key = ANY($1::text[])`, [shared]);
  }

  /** Rows nobody failed on for a day are history. */
  async deleteQuiet(before: Date): Promise<number> {
    const result = (await this.transactions.manager.query(`DELETE FROM sign_in_throttle WHERE last_failure_at IS NULL OR last_failure_at < $1`, [before])) as [unknown, number];
    return result[1] ?? 0;
  }
}
