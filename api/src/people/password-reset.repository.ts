import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { PasswordResetRow } from './password-reset.entity.js';

@Injectable()
export class PasswordResetRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async insert(values: { personId: string; tokenHash: Buffer; createdBy: string | null; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.transactions.manager.getRepository(PasswordResetRow).insert(values);
  }

  /** Whether a reset was made for this person since a moment (so repeated requests send one mail). */
  existsSince(personId: string, since: Date): Promise<boolean> {
    return this.transactions.manager.getRepository(PasswordResetRow).existsBy({ personId, createdAt: MoreThan(since) });
  }

  /** Uses a token, once: the one statement that claims it, and every other open token of the person. Returns the person. */
  async claim(tokenHash: Buffer, now: Date, tx: Tx): Promise<string | null> {
    const rows = await returningRows<{ personId: string }>(
      tx,
      `UPDATE password_reset SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING person_id::text AS "personId"`,
      [tokenHash, now],
    );
    const personId = rows[0]?.personId ?? null;
    if (personId) await tx.query(`UPDATE password_reset SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL`, [personId, now]);
    return personId;
  }
}
