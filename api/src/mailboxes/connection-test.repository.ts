import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';
import { CONNECTION_TEST_RULE } from './connection-test-policy.js';

@Injectable()
export class ConnectionTestRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Claims one connection test for a person (claim_sign_in_attempt, one statement); the wait in seconds when refused. */
  async claim(personId: string, at: Date): Promise<number | null> {
    const key = createHash('sha256').update(`connection_test\0${personId}`).digest('hex');
    const [row] = (await this.transactions.manager.query(`SELECT allowed, retry_after_seconds AS "retryAfterSeconds" FROM claim_sign_in_attempt($1::text[], $2::integer[], $3::integer[], $4, $5)`, [
      [key],
      [CONNECTION_TEST_RULE.freeAttempts],
      [CONNECTION_TEST_RULE.maxDelaySeconds],
      3600,
      at,
    ])) as { allowed: boolean; retryAfterSeconds: number }[];
    return row?.allowed ? null : (row?.retryAfterSeconds ?? 1);
  }

  /** The port of the database this process uses, when it listens on this machine. */
  databasePort(): number | null {
    const options = this.transactions.manager.connection.options as { url?: string; port?: number };
    if (options.url) {
      const url = new URL(options.url);
      return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? Number(url.port || 5432) : null;
    }
    return options.port ?? null;
  }
}
