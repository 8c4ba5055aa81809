import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner } from '../database/transaction.js';

/**
 * Leases on mailboxes' IMAP IDLE connections, one holder per mailbox across every API process.
 * Expiry is judged by the database's clock, so instances on hosts whose clocks disagree still agree.
 */
@Injectable()
export class MailboxIdleLeaseRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /**
   * Renews the leases `holder` has among `mailboxIds` and takes those that are free or expired, in one
   * statement; returns the ids `holder` holds afterwards. Another live holder's lease is left alone.
   */
  async claim(holder: string, mailboxIds: string[], ttlSeconds: number): Promise<string[]> {
    if (mailboxIds.length === 0) return [];
    const rows = await returningRows<{ mailbox_id: string }>(
      this.transactions.manager,
      `INSERT INTO mailbox_idle_lease (mailbox_id, holder, expires_at)
       SELECT id, $1, now() + make_interval(secs => $3) FROM mailbox WHERE id = ANY($2::uuid[])
       ON CONFLICT ON CONSTRAINT "PK_mailbox_idle_lease" DO UPDATE
         SET holder = EXCLUDED.holder,
             expires_at = EXCLUDED.expires_at,
             acquired_at = CASE WHEN mailbox_idle_lease.holder = EXCLUDED.holder THEN mailbox_idle_lease.acquired_at ELSE now() END
         WHERE mailbox_idle_lease.holder = EXCLUDED.holder OR mailbox_idle_lease.expires_at <= now()
       RETURNING mailbox_id`,
      [holder, mailboxIds, ttlSeconds],
    );
    return rows.map((row) => row.mailbox_id);
  }

  /** Gives leases back at once (all of `holder`'s when no ids are named), so another process can take them. Returns how many. */
  async release(holder: string, mailboxIds?: string[]): Promise<number> {
    const rows = await returningRows(
      this.transactions.manager,
      mailboxIds
        ? `DELETE FROM mailbox_idle_lease WHERE holder = $1 AND mailbox_id = ANY($2::uuid[]) RETURNING mailbox_id`
        : `DELETE FROM mailbox_idle_lease WHERE holder = $1 RETURNING mailbox_id`,
      mailboxIds ? [holder, mailboxIds] : [holder],
    );
    return rows.length;
  }
}
