import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { settlesWithin } from '../common/settles-within.js';
import { CONFIG, type Config } from '../config/config.js';
import { ImapSession } from '../mail/imap-session.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import { MailboxSyncService } from './mailbox-sync.service.js';
import type { Mailbox } from '../mailboxes/mailbox.entity.js';
import { MailboxChanges } from '../mailboxes/mailbox-changes.js';
import { MailboxIdleLeaseRepository } from '../mailboxes/mailbox-idle-lease.repository.js';
import { MailboxRepository } from '../mailboxes/mailbox.repository.js';

/**
 * One IDLE connection per mailbox across every instance: a lease in PostgreSQL, renewed every round.
 * A holder that dies stops renewing; its lease expires after LEASE_TTL_SECONDS and the next round of
 * another instance takes it, so a handover takes at most TTL + one round (about 15 s, well inside
 * 30 s on a loaded machine). A live holder would have to miss four rounds in a row to lose it.
 */
export const LEASE_TTL_SECONDS = 12;
export const LEASE_ROUND_MS = 3_000;
/** Servers drop IDLE after 30 minutes (RFC 2177); renew well before. */
const IDLE_RENEW_MS = 20 * 60_000;
const RETRY_AFTER_ERROR_MS = 60_000;
/** On shutdown, how long giving the leases back may take before the process stops anyway (they then expire). */
const RELEASE_WAIT_MS = 500;

/**
 * IMAP IDLE as the wake-up: when the server reports new mail, this instance claims the mailbox's
 * sync at once and it fetches the new UIDs on the IDLE connection itself, then IDLE resumes
 * (MailboxSyncService.wake: the sync is still claimed through the database, so if another
 * instance's run has it, that one or the next tick syncs it). If IDLE fails or is
 * unsupported, polling (every mailbox's poll interval) still finds everything. Only the instance
 * holding a mailbox's lease watches it, so only it wakes the sync; a clean stop gives the leases back
 * so another takes over at once.
 */
@Injectable()
export class MailboxIdleWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(MailboxIdleWatcher.name);
  /** This process in the lease table: host and pid say which container it is; the suffix tells restarts apart. */
  readonly holder = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  private readonly watchers = new Map<string, { controller: AbortController; signature: string; address: string }>();
  /** Until when (performance.now()) the leases confirmed by the last successful round surely last. */
  private leasesSureUntil = 0;
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly leases: MailboxIdleLeaseRepository,
    private readonly fetcher: MailboxFetchService,
    private readonly changes: MailboxChanges,
    private readonly sync: MailboxSyncService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    // Settings saved or a lease given back, on any instance: look again at once.
    this.unsubscribe = this.changes.subscribe(() => void this.refresh());
    void this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), LEASE_ROUND_MS);
  }

  /** Before the database closes: stop watching and give the leases back, so another instance takes over now. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopWatching();
    if (!this.config.backgroundJobs) return;
    const releasing = (async () => {
      // A round in flight could renew a lease after the release; let it finish first.
      await this.refreshing?.catch(() => undefined);
      if ((await this.leases.release(this.holder)) > 0) await this.changes.announce();
    })();
    if ((await settlesWithin(releasing.catch(() => undefined), RELEASE_WAIT_MS)) === 'timeout') {
      this.logger.warn(`Could not give the IDLE leases back within ${RELEASE_WAIT_MS} ms; they expire within ${LEASE_TTL_SECONDS} s`);
    }
  }

  onApplicationShutdown(): void {
    this.stopWatching();
  }

  private stopWatching(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const { controller } of this.watchers.values()) controller.abort();
    this.watchers.clear();
  }

  /** One lease round (rounds never overlap; a request during one runs another right after). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.refreshOnce();
        } while (this.refreshAgain && !this.stopped);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Renews and takes leases, then starts watchers for the mailboxes held, restarts those whose settings changed, stops the rest. */
  private async refreshOnce(): Promise<void> {
    if (!this.config.backgroundJobs || this.stopped) return;
    const roundStarted = performance.now();
    let held: Map<string, Mailbox>;
    try {
      const mailboxes = (await this.mailboxes.list()).filter((mailbox) => mailbox.syncStage !== 'needs_reauth');
      if (this.stopped) return;
      const ids = new Set(await this.leases.claim(this.holder, mailboxes.map((mailbox) => mailbox.id), LEASE_TTL_SECONDS));
      this.leasesSureUntil = roundStarted + LEASE_TTL_SECONDS * 1_000;
      held = new Map(mailboxes.filter((mailbox) => ids.has(mailbox.id)).map((mailbox) => [mailbox.id, mailbox]));
    } catch (error) {
      this.logger.warn(`Could not renew the IDLE leases: ${error instanceof Error ? error.message : String(error)}`);
      // Unconfirmed past their expiry: another instance may hold them by now, so stop rather than double up.
      if (performance.now() >= this.leasesSureUntil) {
        for (const [id, watcher] of this.watchers) this.stopWatcher(id, watcher, 'its lease could not be renewed');
      }
      return;
    }
    if (this.stopped) return;
    // A mailbox now needing new credentials is not claimed: its lease lapses and nobody watches it.
    for (const [id, watcher] of this.watchers) {
      const mailbox = held.get(id);
      if (!mailbox) {
        this.stopWatcher(id, watcher, 'another instance holds its lease now');
      } else if (signatureOf(mailbox) !== watcher.signature) {
        watcher.controller.abort();
        this.watchers.delete(id);
      }
    }
    for (const mailbox of held.values()) {
      if (this.watchers.has(mailbox.id)) continue;
      const controller = new AbortController();
      this.watchers.set(mailbox.id, { controller, signature: signatureOf(mailbox), address: mailbox.address });
      this.logger.log(`IDLE on ${mailbox.address}: this instance (${this.holder}) watches it`);
      void this.watch(mailbox, controller.signal);
    }
  }

  private stopWatcher(id: string, watcher: { controller: AbortController; address: string }, why: string): void {
    watcher.controller.abort();
    this.watchers.delete(id);
    this.logger.log(`IDLE on ${watcher.address}: stopped here, ${why}`);
  }

  private async watch(mailbox: Mailbox, signal: AbortSignal): Promise<void> {
    const folder = mailbox.folders[0] ?? 'INBOX';
    while (!signal.aborted) {
      let session: ImapSession | null = null;
      try {
        session = await ImapSession.open(await this.fetcher.imapSettings(mailbox));
        if (signal.aborted) break;
        await session.openFolder(folder);
        // Mail that came while nobody watched (the app stopped, this connection dropped, another instance's lease
        // lapsed) raises no IDLE notice: fetch it as the watch begins, not at the next poll.
        await this.sync.wake(mailbox.id, mailbox.authKind === 'password' ? session : undefined);
        if (!signal.aborted && session.openedPath !== folder) await session.openFolder(folder);
        while (!signal.aborted) {
          if ((await session.waitForNewMail(IDLE_RENEW_MS, signal)) === 'new-mail' && !signal.aborted) {
            // The sync fetches the new UIDs on this very connection (no connect, sign-in or SELECT) and gives it back after the run.
            // Not for OAuth mailboxes: their sync signs in afresh, which checks the grant, so consent revoked at the
            // provider shows "Reconnect" at once instead of when this long-lived connection next signs in.
            await this.sync.wake(mailbox.id, mailbox.authKind === 'password' ? session : undefined);
            // A sync over several folders ends on this one, but a settings change may have dropped it from them.
            if (!signal.aborted && session.openedPath !== folder) await session.openFolder(folder);
          }
        }
      } catch (error) {
        if (signal.aborted) break;
        this.logger.debug(`IDLE on ${mailbox.address} stopped (${error instanceof Error ? error.message : String(error)}); polling continues`);
        await sleep(RETRY_AFTER_ERROR_MS, signal);
      } finally {
        await session?.close();
      }
    }
  }
}

function signatureOf(mailbox: Mailbox): string {
  return JSON.stringify([mailbox.imapHost, mailbox.imapPort, mailbox.imapTls, mailbox.imapUser, mailbox.imapPasswordEnc.toString('base64'), mailbox.folders[0], mailbox.allowSelfSigned]);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
