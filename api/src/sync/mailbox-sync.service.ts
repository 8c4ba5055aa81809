import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { settlesWithin } from '../common/settles-within.js';
import { CONFIG, type Config } from '../config/config.js';
import { AdvisoryLocks } from '../database/transaction.js';
import { IngestService, type ProcessCounts } from '../ingest/ingest.service.js';
import { ImapFailure, type ImapSession } from '../mail/imap-session.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import type { Mailbox } from '../mailboxes/mailbox.entity.js';
import { MailboxRepository } from '../mailboxes/mailbox.repository.js';
import { afterSyncFailure, afterSyncInterrupted, afterSyncSuccess, STUCK_RUN_AFTER_MS } from '../mailboxes/sync-state.js';

export interface SyncResult {
  fetched: number;
  processed: number;
  duplicates: number;
  quarantined: number;
}

const MAILBOXES_PER_TICK = 2;
/** Advisory-lock namespace of running syncs (any constant, the same in every process). */
const SYNC_LOCK_NAMESPACE = 7_261_950;
const ORPHAN_GRACE_MS = 5_000;
/** On shutdown, how long a run may take to commit its current batch and hand the mailbox back. */
const STOP_WAIT_MS = 1_000;

/**
 * One sync run: claim → fetch new mail by UID range → process what was stored → record the outcome.
 * Claims are atomic (SKIP LOCKED), so several API processes never sync one mailbox at once; every
 * exit path leaves the "running" stage, and a reaper returns runs whose process died.
 */
@Injectable()
export class MailboxSyncService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(MailboxSyncService.name);
  private ticking = false;
  /** A tick was asked for while one ran: run another straight after it. */
  private tickAgain = false;
  /** IDLE reported new mail while this process was already syncing the mailbox: sync it again after the run. */
  private readonly wokenDuringRun = new Set<string>();
  private stopped = false;
  /** Aborted on shutdown: runs stop after the batch in hand and give their mailbox back. */
  private readonly stopping = new AbortController();
  private readonly runs = new Set<Promise<unknown>>();
  /** Mailboxes whose run holds its lock in this process now. */
  private readonly inRun = new Map<string, Mailbox>();

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly fetcher: MailboxFetchService,
    private readonly ingest: IngestService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    private readonly locks: AdvisoryLocks,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('mailbox-sync', setInterval(() => void this.tick(), this.config.syncTickMs));
  }

  /** Before the database closes: let running syncs commit their batch in hand and hand their mailbox back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if ((await settlesWithin(Promise.allSettled(this.runs), STOP_WAIT_MS)) === 'timeout') {
      // A batch is still being written: hand the mailbox back anyway; that batch commits or rolls back as a whole.
      for (const mailbox of this.inRun.values()) {
        this.logger.warn(`${mailbox.address}: a sync batch was still being written at shutdown; the mailbox is handed back`);
        await this.mailboxes
          .finishRun(mailbox.id, afterSyncInterrupted({ now: this.clock.now(), failureCount: mailbox.failureCount, lastError: mailbox.lastError }))
          .catch(() => undefined);
      }
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /** `POST /api/mailboxes/:id/sync`: one run now, whatever the schedule. */
  async syncNow(id: string): Promise<SyncResult> {
    const mailbox = await this.mailboxes.findById(id);
    if (!mailbox) throw new AppError('not_found', 'No such mailbox.');
    if (!(await this.mailboxes.claimNow(id, this.clock.now()))) {
      throw new AppError(
        'conflict',
        mailbox.syncStage === 'needs_reauth'
          ? mailbox.authKind === 'password'
            ? 'The IMAP server refused the password. Update the mailbox credentials first.'
            : 'This mailbox needs to be reconnected first (Settings → Reconnect).'
           : 'A sync of this mailbox is already running.',
      );
    }
    return this.run(mailbox, { rethrow: true });
  }

  /**
   * IMAP IDLE reported new mail: the mailbox is claimed and synced now, not at the next tick (up to
   * SYNC_TICK_SECONDS later), and on `idle`, the IDLE connection that reported it, if given (no
   * new connection, sign-in or SELECT: the new UIDs are fetched at once); resolves when that run is
   * over and the connection free again. If the mailbox cannot be claimed now (a run elsewhere),
   * it becomes due for the next tick. Mail that lands while a run of this process is already past
   * its fetch is picked up by another run straight after it.
   */
  async wake(mailboxId: string, idle?: ImapSession): Promise<void> {
    if (this.stopped) return;
    if (this.inRun.has(mailboxId)) {
      this.wokenDuringRun.add(mailboxId);
      return;
    }
    const now = this.clock.now();
    if (await this.mailboxes.claimNow(mailboxId, now)) {
      const mailbox = await this.mailboxes.findById(mailboxId);
      if (mailbox) await this.run(mailbox, { rethrow: false, session: idle });
      return;
    }
    await this.mailboxes.wake(mailboxId, now);
    void this.tick();
  }

  /** Scheduler: claim due mailboxes and sync them; several processes share the work safely. */
  tick(): Promise<void> {
    return this.track(this.tickOnce());
  }

  private async tickOnce(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      const now = this.clock.now();
      await this.reapOrphanedRuns(now);
      const reaped = await this.mailboxes.reapStuck(new Date(now.getTime() - STUCK_RUN_AFTER_MS), now);
      if (reaped > 0) this.logger.warn(`Returned ${reaped} sync run(s) stuck for over ${STUCK_RUN_AFTER_MS / 60_000} minutes to the queue`);
      for (const id of await this.mailboxes.claimDue(now, MAILBOXES_PER_TICK)) {
        const mailbox = await this.mailboxes.findById(id);
        if (mailbox) await this.run(mailbox, { rethrow: false });
      }
    } catch (error) {
      // During shutdown the pool closes under a running tick: not worth an error.
      if (!this.stopped) this.logger.error(`Sync tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
      if (this.tickAgain && !this.stopped) {
        this.tickAgain = false;
        void this.tick();
      }
    }
  }

  /** A "running" mailbox whose lock nobody holds was left by a process that died: requeue it now. */
  private async reapOrphanedRuns(now: Date): Promise<void> {
    // The grace period covers the instant between a claim and its lock being taken.
    for (const id of await this.mailboxes.runningIds(new Date(now.getTime() - ORPHAN_GRACE_MS))) {
      const lock = await this.locks.tryAcquire(SYNC_LOCK_NAMESPACE, id);
      if (!lock) continue;
      try {
        await this.mailboxes.reapOne(id, now);
        this.logger.warn(`Mailbox ${id}: the previous sync run's process ended mid-run; resuming from the stored cursor`);
      } finally {
        await lock.release();
      }
    }
  }

  /**
   * Fetches new mail and processes it at the same time: processing starts on the first stored batch
   * (IMAP and PostgreSQL work overlap instead of taking turns) and finishes after the last. If the
   * fetch fails, what it stored is still processed, then the failure is reported.
   */
  private async fetchAndProcess(mailbox: Mailbox, session?: ImapSession): Promise<{ fetched: number; counts: ProcessCounts }> {
    const fetch = { batches: 0, ended: false, wake: () => undefined as void };
    const fetching = this.fetcher.fetchNewMail(
      mailbox,
      () => {
        fetch.batches += 1;
        fetch.wake();
      },
      this.stopping.signal,
      session,
    );
    const fetchSettled = fetching.then(
      () => undefined,
      () => undefined,
    );
    void fetchSettled.then(() => {
      fetch.ended = true;
      fetch.wake();
    });

    const counts: ProcessCounts = { processed: 0, duplicates: 0, quarantined: 0 };
    try {
      for (;;) {
        const lastPass = fetch.ended;
        const batchesBefore = fetch.batches;
        const done = counts.processed + counts.duplicates + counts.quarantined;
        const pass = await this.ingest.processPending(
          mailbox,
          Number.POSITIVE_INFINITY,
          (progress) => {
            void this.mailboxes.setProcessed(mailbox.id, done + progress.processed + progress.duplicates + progress.quarantined).catch(() => undefined);
          },
          undefined,
          this.stopping.signal,
        );
        counts.processed += pass.processed;
        counts.duplicates += pass.duplicates;
        counts.quarantined += pass.quarantined;
        if (lastPass) break;
        // Wait for the next stored batch (or the end of the fetch) unless one came during this pass.
        if (fetch.batches === batchesBefore && !fetch.ended) {
          await new Promise<void>((resolve) => {
            fetch.wake = resolve;
          });
        }
      }
    } catch (error) {
      // Never leave a fetch running behind a run that has ended (and released its lock).
      await fetchSettled;
      throw error;
    }
    return { fetched: (await fetching).fetched, counts };
  }

  private run(mailbox: Mailbox, options: { rethrow: boolean; session?: ImapSession }): Promise<SyncResult> {
    return this.track(this.runOnce(mailbox, options));
  }

  /** Work that shutdown waits for (briefly) before the database closes. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.runs.add(work);
    void work.then(
      () => this.runs.delete(work),
      () => this.runs.delete(work),
    );
    return work;
  }

  private async runOnce(mailbox: Mailbox, options: { rethrow: boolean; session?: ImapSession }): Promise<SyncResult> {
    // Held for the whole run; if this process dies, PostgreSQL frees it and another process reaps the run.
    const lock = await this.locks.tryAcquire(SYNC_LOCK_NAMESPACE, mailbox.id);
    if (!lock) {
      // Another live process holds this mailbox's run (or is reaping it this instant): leave it to them.
      if (options.rethrow) throw new AppError('conflict', 'A sync of this mailbox is already running.');
      return { fetched: 0, processed: 0, duplicates: 0, quarantined: 0 };
    }
    this.inRun.set(mailbox.id, mailbox);
    try {
      // Claimed just as the process began to stop: hand it straight back.
      const { fetched, counts } = this.stopping.signal.aborted
        ? { fetched: 0, counts: { processed: 0, duplicates: 0, quarantined: 0 } }
        : await this.fetchAndProcess(mailbox, options.session);
      await this.mailboxes.finishRun(
        mailbox.id,
        this.stopping.signal.aborted
          ? afterSyncInterrupted({ now: this.clock.now(), failureCount: mailbox.failureCount, lastError: mailbox.lastError })
          : afterSyncSuccess({ now: this.clock.now(), pollIntervalSeconds: mailbox.pollIntervalSeconds }),
      );
      if (fetched > 0) this.logger.log(`${mailbox.address}: fetched ${fetched}, processed ${counts.processed}, duplicates ${counts.duplicates}, quarantined ${counts.quarantined}`);
      return { fetched, ...counts };
    } catch (error) {
      const kind = error instanceof ImapFailure ? error.kind : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      await this.mailboxes.finishRun(
        mailbox.id,
        // A run cut short by the shutdown is not the mailbox's failure.
        this.stopping.signal.aborted
          ? afterSyncInterrupted({ now: this.clock.now(), failureCount: mailbox.failureCount, lastError: mailbox.lastError })
          : afterSyncFailure({ kind, message, failureCount: mailbox.failureCount, now: this.clock.now() }),
      );
      this.logger.warn(`${mailbox.address}: sync failed (${kind}): ${message}`);
      if (options.rethrow) {
        throw new AppError('upstream_failed', message);
      }
      return { fetched: 0, processed: 0, duplicates: 0, quarantined: 0 };
    } finally {
      this.inRun.delete(mailbox.id);
      await lock.release();
      // Not awaited: the woken run is tracked on its own, and this one is over.
      if (this.wokenDuringRun.delete(mailbox.id)) void this.wake(mailbox.id).catch(() => undefined);
    }
  }
}
