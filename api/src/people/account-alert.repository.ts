import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';

/** Security notices to a person, in the same notice table as duty reminders. */
@Injectable()
export class AccountAlertRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Inserts the notice unless its dedupe key exists; returns its id only when this call created it. */
  async claimNotice(values: { personId: string; kind: string; dedupeKey: string; title: string; body: string }): Promise<string | null> {
    const rows = (await this.transactions.manager.query(
      `INSERT INTO notice (person_id, kind, dedupe_key, title, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_notice_dedupe" DO NOTHING RETURNING id`,
      [values.personId, values.kind, values.dedupeKey, values.title, values.body],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async setNoticeEmail(id: string, status: 'sent' | 'skipped' | 'failed', error: string | null): Promise<void> {
    await this.transactions.manager.query(`UPDATE notice SET email_status = $2, email_error = $3 WHERE id = $1`, [id, status, error]);
  }
}
