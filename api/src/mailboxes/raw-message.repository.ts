import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { RawMessage } from './raw-message.entity.js';

export interface NewRawMessage {
  mailboxId: string;
  folderPath: string;
  uidValidity: string;
  uid: number;
  bytes: Buffer;
  sha256: Buffer;
  internalDate: Date | null;
}

@Injectable()
export class RawMessageRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /**
   * Stores fetched messages; a message already stored (a re-read after a crash) is skipped by the
   * unique source key. Returns how many were new.
   */
  async insertMany(messages: NewRawMessage[], tx: Tx): Promise<number> {
    if (messages.length === 0) return 0;
    const values: unknown[] = [];
    const rows = messages.map((message, index) => {
      const base = index * 7;
      values.push(message.mailboxId, message.folderPath, message.uidValidity, message.uid, message.bytes, message.sha256, message.internalDate);
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}::bytea, $${base + 6}, octet_length($${base + 5}::bytea), $${base + 7})`;
    });
    const inserted: unknown[] = await tx.query(
      `INSERT INTO raw_message (mailbox_id, folder_path, uid_validity, uid, bytes, sha256, size, internal_date)
       VALUES ${rows.join(', ')}
       ON CONFLICT ON CONSTRAINT "UQ_raw_message_source" DO NOTHING
       RETURNING id`,
      values,
    );
    return inserted.length;
  }

  findById(id: string): Promise<RawMessage | null> {
    return this.transactions.manager.getRepository(RawMessage).findOneBy({ id });
  }

  /** Locks up to `limit` of the oldest pending messages (of one mailbox, or any) for this unit of work; others skip them. */
  claimPending(mailboxId: string | null, limit: number, tx: Tx, onlyId?: string): Promise<RawMessage[]> {
    return tx.query(
      `SELECT id, mailbox_id AS "mailboxId", folder_path AS "folderPath", uid_validity AS "uidValidity", uid, bytes, sha256, size,
              internal_date AS "internalDate", fetched_at AS "fetchedAt", state, reason, attempts, processed_at AS "processedAt"
       FROM raw_message
       WHERE state = 'pending' AND ($1::uuid IS NULL OR mailbox_id = $1) AND ($2::bigint IS NULL OR id = $2)
       ORDER BY id
       LIMIT $3
       FOR UPDATE SKIP LOCKED`,
      [mailboxId, onlyId ?? null, limit],
    );
  }

  async lockQuarantined(id: string, tx: Tx): Promise<RawMessage | null> {
    const rows: RawMessage[] = await tx.query(
      `SELECT id, mailbox_id AS "mailboxId", folder_path AS "folderPath", uid_validity AS "uidValidity", uid, bytes, sha256, size,
              internal_date AS "internalDate", state, reason, attempts
       FROM raw_message WHERE id = $1 AND state = 'quarantined' FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Quarantined messages, newest first, without their bytes but with the first From/Subject header lines. */
  listQuarantined(limit: number): Promise<{ id: string; mailboxId: string; folder: string; uid: string; size: number; fetchedAt: Date; reason: string; attempts: number; head: Buffer }[]> {
    return this.transactions.manager.query(
      `SELECT id, mailbox_id AS "mailboxId", folder_path AS folder, uid, size, fetched_at AS "fetchedAt", reason, attempts,
              substring(bytes from 1 for 16384) AS head
       FROM raw_message WHERE state = 'quarantined' ORDER BY id DESC LIMIT $1`,
      [limit],
    );
  }

  async markOutcomes(outcomes: { id: string; state: 'processed' | 'duplicate' | 'quarantined'; reason: string | null }[], tx?: Tx): Promise<void> {
    if (outcomes.length === 0) return;
    await (tx ?? this.transactions.manager).query(
      `UPDATE raw_message SET state = o.state, reason = o.reason, attempts = attempts + 1, processed_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS o(id, state, reason)
       WHERE raw_message.id = o.id`,
      [outcomes.map((outcome) => outcome.id), outcomes.map((outcome) => outcome.state), outcomes.map((outcome) => outcome.reason)],
    );
  }

  /** Back to pending, for an admin's "retry". */
  async requeue(id: string): Promise<boolean> {
    const rows = await returningRows(
      this.transactions.manager,
      `UPDATE raw_message SET state = 'pending', reason = NULL WHERE id = $1 AND state = 'quarantined' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
