import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { ImapSession } from '../mail/imap-session.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import { MailboxSyncService } from './mailbox-sync.service.js';
import type { Mailbox } from '../mailboxes/mailbox.entity.js';
import { MailboxChanges } from '../mailboxes/mailbox-changes.js';
import { MailboxRepository } from '../mailboxes/mailbox.repository.js';

const REFRESH_MS = 30_000;
/** Servers drop IDLE after 30 minutes (RFC 2177); renew well before. */
const IDLE_RENEW_MS = 20 * 60_000;
const RETRY_AFTER_ERROR_MS = 60_000;

/**
 * IMAP IDLE as a wake-up only: when the server reports new mail, the mailbox becomes due and is
 * synced by UID range at once. If IDLE fails or is unsupported, polling (every
 * mailbox's poll interval) still finds everything.
 */
@Injectable()
export class MailboxIdleWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailboxIdleWatcher.name);
  private readonly watchers = new Map<string, { controller: AbortController; signature: string }>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly fetcher: MailboxFetchService,
    private readonly changes: MailboxChanges,
    private readonly sync: MailboxSyncService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    // Settings saved: restart the watchers whose settings changed, at once.
    this.changes.subscribe(() => void this.refresh());
    void this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    for (const { controller } of this.watchers.values()) controller.abort();
    this.watchers.clear();
  }

  /** Starts watchers for new mailboxes, restarts those whose settings changed, stops the rest. */
  async refresh(): Promise<void> {
    if (!this.config.backgroundJobs || this.stopped) return;
    try {
      const mailboxes = (await this.mailboxes.list()).filter((mailbox) => mailbox.syncStage !== 'needs_reauth');
      const wanted = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
      for (const [id, watcher] of this.watchers) {
        const mailbox = wanted.get(id);
        if (!mailbox || signatureOf(mailbox) !== watcher.signature) {
          watcher.controller.abort();
          this.watchers.delete(id);
        }
      }
      for (const mailbox of mailboxes) {
        if (this.watchers.has(mailbox.id)) continue;
        const controller = new AbortController();
        this.watchers.set(mailbox.id, { controller, signature: signatureOf(mailbox) });
        void this.watch(mailbox, controller.signal);
      }
    } catch (error) {
      this.logger.warn(`Could not refresh IDLE watchers: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async watch(mailbox: Mailbox, signal: AbortSignal): Promise<void> {
    const folder = mailbox.folders[0] ?? 'INBOX';
    while (!signal.aborted) {
      let session: ImapSession | null = null;
      try {
        session = await ImapSession.open(await this.fetcher.imapSettings(mailbox));
        await session.openFolder(folder);
        while (!signal.aborted) {
          if ((await session.waitForNewMail(IDLE_RENEW_MS, signal)) === 'new-mail' && !signal.aborted) {
            await this.sync.wake(mailbox.id);
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
