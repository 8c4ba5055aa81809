import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { settlesWithin } from '../common/settles-within.js';
import { CONFIG, type Config } from '../config/config.js';
import { OutboxRepository, type OutboxItem } from './outbox.repository.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { UndoSendService } from './undo-send.service.js';
import { NewConversationService } from './new-conversation.service.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import { afterSendFailure, retryDelaySeconds } from '../mail/send-retry.js';
import { sendMail } from '../mail/smtp-transport.js';

export { MAX_SEND_ATTEMPTS, retryDelaySeconds } from '../mail/send-retry.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/** A claimed reply not marked sent or failed within this time is tried again (its sender died). */
const LEASE_SECONDS = 300;
/** On shutdown, how long a send in progress may take to finish and be recorded. */
const STOP_WAIT_MS = 1_000;

export interface OutboxRun {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sends queued replies through each mailbox's SMTP server; retries with backoff; safe with several processes. */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private running: Promise<OutboxRun> | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly mailboxes: MailboxesService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CONFIG) private readonly config: Config,
    private readonly notifications: NotificationsService,
    private readonly attachments: ReplyUploadRepository,
    private readonly undoSend: UndoSendService,
    private readonly starts: NewConversationService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('outbox', setInterval(() => void this.tick(), 2_000));
    // A reply queued in this process goes out at once instead of waiting for the next tick.
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'outbox') void this.tick();
    });
  }

  /** Before the database closes: the send in progress is recorded, replies claimed but not tried are released. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.running && (await settlesWithin(this.running.catch(() => undefined), STOP_WAIT_MS)) === 'timeout') {
      this.logger.warn('A reply was still being sent at shutdown; it is retried when its claim expires');
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.runOnce();
    } catch (error) {
      if (!this.stopped) this.logger.error(`Outbox run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Sends everything due now; concurrent calls in one process share the run in progress. */
  runOnce(): Promise<OutboxRun> {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** A release step that fails is logged and the run goes on: what is already queued is still sent. */
  private async releasing(what: string, release: () => Promise<unknown>): Promise<void> {
    try {
      await release();
    } catch (error) {
      this.logger.error(`Releasing ${what} failed (${error instanceof Error ? error.message : String(error)}); the outbox sends what is queued and tries again on its next run`);
    }
  }

  private async drain(): Promise<OutboxRun> {
    const run: OutboxRun = { sent: 0, retrying: 0, failed: 0 };
    // Held replies whose undo time has passed enter the outbox first (an undo at the same instant wins or loses under the row lock).
    if (!this.stopped) await this.releasing('held replies', () => this.undoSend.release(this.clock.now()));
    // New conversations whose undo time has passed are stored, their email queued, and sent in this run.
    if (!this.stopped) await this.releasing('held new conversations', () => this.starts.release(this.clock.now()));
    while (!this.stopped) {
      const claimed = await this.transactions.run((tx) => this.outbox.claimDue(this.clock.now(), LEASE_SECONDS, 10, tx));
      if (claimed.length === 0) return run;
      for (const [index, item] of claimed.entries()) {
        if (this.stopped) {
          // Stopping: hand the rest back now rather than after the 5-minute lease.
          const rest = claimed.slice(index).map((left) => left.id);
          await this.transactions.run((tx) => this.outbox.releaseClaims(rest, this.clock.now(), tx));
          return run;
        }
        run[await this.send(item)] += 1;
      }
    }
    return run;
  }

  private async send(item: OutboxItem): Promise<keyof OutboxRun> {
    let outcome: keyof OutboxRun;
    let error: string | null = null;
    try {
      const mailbox = await this.mailboxes.outgoing(item.mailboxId);
      const attachments = await this.attachments.forMessage(item.id);
      await sendMail(mailbox.smtp, {
        from: { name: item.fromName ?? '', address: item.fromAddress },
        to: item.toAddresses.map((to) => ({ name: to.name ?? '', address: to.address })),
        cc: item.ccAddresses.map((cc) => ({ name: cc.name ?? '', address: cc.address })),
        bcc: item.bccAddresses.map((bcc) => bcc.address),
        subject: item.subject,
        text: item.text,
        ...(item.html ? { html: item.html } : {}),
        messageId: item.messageIdHeader,
        ...(item.inReplyTo[0] ? { inReplyTo: item.inReplyTo[0] } : {}),
        references: item.references,
        attachments: attachments.map((attachment) => ({
          filename: attachment.filename ?? 'attachment',
          content: attachment.bytes,
          contentType: attachment.contentType,
          ...(attachment.contentId ? { cid: attachment.contentId.replace(/^<|>$/g, '') } : {}),
          contentDisposition: attachment.disposition,
        })),
      });
      outcome = 'sent';
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
      outcome = afterSendFailure(caught, item.sendAttempts);
      this.logger.warn(`Reply ${item.id}: ${error} (${outcome === 'retrying' ? `attempt ${item.sendAttempts}, will retry` : 'marked failed'})`);
    }
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      if (outcome === 'sent') await this.outbox.markSent(item.id, now, tx);
      else if (outcome === 'retrying') await this.outbox.markRetry(item.id, new Date(now.getTime() + retryDelaySeconds(item.sendAttempts) * 1000), error ?? '', tx);
      else {
        await this.outbox.markFailed(item.id, error ?? 'Unknown error', tx);
        await this.notifications.replyFailed(item.id, now, tx);
      }
      await this.live.publish({ type: 'conversation', conversationId: item.conversationId, mailboxId: item.mailboxId }, tx);
    });
    return outcome;
  }
}
