import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx } from '../database/transaction.js';
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

  countByState(mailboxId: string): Promise<{ state: string; count: number }[]> {
    return this.transactions.manager.query(`SELECT state, COUNT(*)::int AS count FROM raw_message WHERE mailbox_id = $1 GROUP BY state`, [mailboxId]);
  }

  findById(id: string): Promise<RawMessage | null> {
    return this.transactions.manager.getRepository(RawMessage).findOneBy({ id });
  }
}
