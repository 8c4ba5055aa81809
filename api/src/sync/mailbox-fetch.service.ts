import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';
import { RawMessageRepository } from '../mailboxes/raw-message.repository.js';
import { ImapSession, type ImapSettings } from '../mail/imap-session.js';
import { MailboxRepository } from '../mailboxes/mailbox.repository.js';
import type { Mailbox } from '../mailboxes/mailbox.entity.js';
import { planFolderSync } from '../mailboxes/sync-state.js';
import { MailboxCredentialsService } from '../mailboxes/mailbox-credentials.service.js';

const BATCH_MESSAGES = 200;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Copies new mail from the IMAP server into raw_message, folder by folder, by UID range. Each batch
 * of raw bytes and the advanced cursor commit in one transaction, so a crash re-reads at most one
 * batch and the unique source key absorbs it. Never searches UNSEEN or SINCE; never sets flags.
 */
@Injectable()
export class MailboxFetchService {
  private readonly logger = new Logger(MailboxFetchService.name);

  constructor(
    private readonly mailboxes: MailboxRepository,
    private readonly rawMessages: RawMessageRepository,
    private readonly transactions: TransactionRunner,
    private readonly credentials: MailboxCredentialsService,
  ) {}

  /** The password, or an OAuth access token refreshed when it is about to expire. */
  imapSettings(mailbox: Mailbox): Promise<ImapSettings> {
    return this.credentials.imapSettings(mailbox);
  }

  /**
   * Fetches every configured folder; returns how many messages were newly stored. `onStored` is
   * called after each batch commits, so processing can start on it while the fetch goes on. Once
   * `signal` aborts (shutdown), no further batch is fetched; the committed ones stay.
   *
   * `lent`: an open session to use instead of connecting (the IDLE connection that just reported
   * the new mail, which saves the connect, sign-in and SELECT); it stays open, and the folder it
   * had open is fetched last so that it is the open one again afterwards.
   */
  async fetchNewMail(mailbox: Mailbox, onStored?: () => void, signal?: AbortSignal, lent?: ImapSession): Promise<{ fetched: number }> {
    const session = lent ?? (await ImapSession.open(await this.imapSettings(mailbox)));
    const watched = lent?.openedPath;
    const folders = watched && mailbox.folders.includes(watched) ? [...mailbox.folders.filter((path) => path !== watched), watched] : mailbox.folders;
    let fetched = 0;
    try {
      for (const path of folders) {
        if (signal?.aborted) break;
        fetched += await this.fetchFolder(session, mailbox, path, onStored, signal);
      }
    } finally {
      if (!lent) await session.close();
    }
    return { fetched };
  }

  private async fetchFolder(session: ImapSession, mailbox: Mailbox, path: string, onStored?: () => void, signal?: AbortSignal): Promise<number> {
    const cursor = await this.mailboxes.folder(mailbox.id, path);
    const server = session.openedFolder(path) ?? (await session.openFolder(path));
    const plan = planFolderSync(cursor, server);
    if (plan.uidValidityChanged) {
      this.logger.warn(`UIDVALIDITY of ${mailbox.address}/${path} changed (${cursor.uidValidity} → ${server.uidValidity}): re-reading the folder; duplicates are absorbed`);
    }
    const uids = await session.uidsAfter(plan.afterUid);
    const progress = { folder: path, total: uids.length, fetched: 0 };
    // One message (what IDLE announces) is fetched at once: its progress is written once it is stored.
    if (uids.length > 1) await this.mailboxes.setProgress(mailbox.id, progress);

    let stored = 0;
    let reset = plan.uidValidityChanged;
    for (const batch of await this.batches(session, uids)) {
      if (signal?.aborted) break;
      const messages = await session.fetch(batch);
      // Stopping: leave this batch on the server (the cursor stays) rather than hold the stop up.
      if (signal?.aborted) break;
      const highestUid = Math.max(...batch);
      await this.transactions.run(async (tx) => {
        stored += await this.rawMessages.insertMany(
          messages.map((message) => ({
            mailboxId: mailbox.id,
            folderPath: path,
            uidValidity: server.uidValidity,
            uid: message.uid,
            bytes: message.source,
            sha256: createHash('sha256').update(message.source).digest(),
            internalDate: message.internalDate,
          })),
          tx,
        );
        // Advance only over what this batch asked for; a UID missing from the answer was expunged.
        await this.mailboxes.advanceCursor(cursor.id, { uidValidity: server.uidValidity, lastUid: highestUid, reset }, tx);
      });
      reset = false;
      onStored?.();
      progress.fetched += messages.length;
      await this.mailboxes.setProgress(mailbox.id, progress);
    }
    if (uids.length === 0 && cursor.uidValidity !== server.uidValidity) {
      await this.transactions.run((tx) => this.mailboxes.advanceCursor(cursor.id, { uidValidity: server.uidValidity, lastUid: 0, reset: true }, tx));
    }
    return stored;
  }

  /** Groups UIDs into batches of at most BATCH_MESSAGES messages and about BATCH_BYTES bytes. */
  private async batches(session: ImapSession, uids: number[]): Promise<number[][]> {
    if (uids.length === 0) return [];
    // One message (what IDLE usually announces) is one batch whatever its size: no need to ask.
    if (uids.length === 1) return [uids];
    const sizes = await session.sizes(uids);
    const batches: number[][] = [];
    let current: number[] = [];
    let bytes = 0;
    for (const uid of uids) {
      const size = sizes.get(uid) ?? 0;
      if (current.length > 0 && (current.length >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(uid);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }
}
