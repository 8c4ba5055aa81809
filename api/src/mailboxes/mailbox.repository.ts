import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import { MailboxFolder } from './mailbox-folder.entity.js';
import { Mailbox, type SyncProgress } from './mailbox.entity.js';
import type { SyncStateChange } from './sync-state.js';

export type NewMailbox = Omit<
  Mailbox,
  'createdAt' | 'updatedAt' | 'syncStage' | 'syncStartedAt' | 'nextSyncAt' | 'failureCount' | 'lastError' | 'lastSuccessAt' | 'syncProgress'
>;

@Injectable()
export class MailboxRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private mailboxes(tx: Tx = this.transactions.manager) {
    return tx.getRepository(Mailbox);
  }

  private folders(tx: Tx = this.transactions.manager) {
    return tx.getRepository(MailboxFolder);
  }

  insert(values: NewMailbox, tx?: Tx): Promise<Mailbox> {
    const mailboxes = this.mailboxes(tx);
    return mailboxes.save(mailboxes.create(values));
  }

  save(mailbox: Mailbox, tx?: Tx): Promise<Mailbox> {
    return this.mailboxes(tx).save(mailbox);
  }

  findById(id: string): Promise<Mailbox | null> {
    return this.mailboxes().findOneBy({ id });
  }

  list(): Promise<Mailbox[]> {
    return this.mailboxes().find({ order: { name: 'ASC' } });
  }

  /**
   * The mailbox system mail goes out through when SMTP_URL is not set: the first by creation order
   * whose SMTP settings can sign in (a server named; a password, or an OAuth grant not refused).
   */
  async firstWithSmtp(): Promise<Mailbox | null> {
    const rows: { id: string }[] = await this.transactions.manager.query(
      `SELECT m.id FROM mailbox m LEFT JOIN mailbox_oauth o ON o.mailbox_id = m.id
       WHERE m.smtp_host <> '' AND m.smtp_port > 0
         AND (m.auth_kind = 'password' OR (o.refresh_token_enc IS NOT NULL AND o.refused_at IS NULL))
       ORDER BY m.created_at, m.id LIMIT 1`,
    );
    return rows[0] ? this.findById(rows[0].id) : null;
  }

  async quarantinedCounts(): Promise<Map<string, number>> {
    const rows: { mailboxId: string; count: number }[] = await this.transactions.manager.query(
      `SELECT mailbox_id AS "mailboxId", COUNT(*)::int AS count FROM raw_message WHERE state = 'quarantined' GROUP BY mailbox_id`,
    );
    return new Map(rows.map((row) => [row.mailboxId, row.count]));
  }

  /** Claims up to `limit` due mailboxes for this process; another process never gets the same one. */
  async claimDue(now: Date, limit: number): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      this.transactions.manager,
      `UPDATE mailbox SET sync_stage = 'running', sync_started_at = $1
       WHERE id IN (
         SELECT id FROM mailbox
         WHERE sync_stage IN ('idle', 'failed') AND next_sync_at <= $1
         ORDER BY next_sync_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       RETURNING id`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Claims one mailbox now, whatever its schedule, unless a run is already going (or it needs new credentials). */
  async claimNow(id: string, now: Date): Promise<boolean> {
    const rows = await returningRows(
      this.transactions.manager,
      `UPDATE mailbox SET sync_stage = 'running', sync_started_at = $2
       WHERE id = $1 AND sync_stage IN ('idle', 'failed')
       RETURNING id`,
      [id, now],
    );
    return rows.length > 0;
  }

  async finishRun(id: string, change: SyncStateChange): Promise<void> {
    await this.mailboxes().update({ id, syncStage: 'running' }, { ...change, syncProgress: null });
  }

  /** The fetch side of a run's progress; the count processed so far (written concurrently by processing) is kept. */
  async setProgress(id: string, progress: Omit<SyncProgress, 'processed'>): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE mailbox SET sync_progress = jsonb_build_object('processed', COALESCE((sync_progress->>'processed')::int, 0)) || $2::jsonb WHERE id = $1`,
      [id, JSON.stringify({ folder: progress.folder, total: progress.total, fetched: progress.fetched })],
    );
  }

  /** Mailboxes whose run started before `startedBefore` and is still marked running. */
  async runningIds(startedBefore: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.transactions.manager.query(`SELECT id FROM mailbox WHERE sync_stage = 'running' AND sync_started_at < $1`, [startedBefore]);
    return rows.map((row) => row.id);
  }

  /** Returns one run whose process is gone to the queue, at once. */
  async reapOne(id: string, now: Date): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE mailbox SET sync_stage = 'failed', sync_started_at = NULL, next_sync_at = $2, sync_progress = NULL,
              last_error = 'The previous sync run stopped without finishing (its process ended); it resumes from the stored cursor.'
       WHERE id = $1 AND sync_stage = 'running'`,
      [id, now],
    );
  }

  /** IDLE reported new mail: make the mailbox due now (a running or re-auth mailbox is left alone). */
  async wake(id: string, now: Date): Promise<void> {
    await this.transactions.manager.query(`UPDATE mailbox SET next_sync_at = $2 WHERE id = $1 AND sync_stage IN ('idle', 'failed') AND next_sync_at > $2`, [id, now]);
  }

  async setProcessed(id: string, processed: number): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE mailbox SET sync_progress = jsonb_set(sync_progress, '{processed}', to_jsonb($2::int)) WHERE id = $1 AND sync_progress IS NOT NULL`,
      [id, processed],
    );
  }

  /** Runs left "running" by a process that died go back to the queue. Returns how many. */
  async reapStuck(startedBefore: Date, now: Date): Promise<number> {
    const rows = await returningRows(
      this.transactions.manager,
      `UPDATE mailbox SET sync_stage = 'failed', sync_started_at = NULL, next_sync_at = $2, sync_progress = NULL,
              last_error = 'The previous sync run stopped without finishing (the process may have been restarted).'
       WHERE sync_stage = 'running' AND sync_started_at < $1
       RETURNING id`,
      [startedBefore, now],
    );
    return rows.length;
  }

  async folder(mailboxId: string, path: string): Promise<MailboxFolder> {
    await this.transactions.manager.query(
      `INSERT INTO mailbox_folder (mailbox_id, path) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "UQ_mailbox_folder_path" DO NOTHING`,
      [mailboxId, path],
    );
    return this.folders().findOneByOrFail({ mailboxId, path });
  }

  /** Moves a folder's cursor; only ever forward within one UIDVALIDITY, reset when it changed. */
  async advanceCursor(folderId: string, cursor: { uidValidity: string; lastUid: number; reset: boolean }, tx: Tx): Promise<void> {
    await tx.query(
      `UPDATE mailbox_folder
       SET uid_validity = $2, last_uid = CASE WHEN $4 THEN $3::bigint ELSE GREATEST(last_uid, $3::bigint) END
       WHERE id = $1`,
      [folderId, cursor.uidValidity, cursor.lastUid, cursor.reset],
    );
  }
}
