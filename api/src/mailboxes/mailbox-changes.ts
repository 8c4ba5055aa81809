import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';

type Listener = () => void;

/**
 * "A mailbox's settings (or who watches it) changed": mailboxes/ announces it, and whatever watches
 * mailboxes from above (sync's IDLE watcher) subscribes. The news travels through LISTEN/NOTIFY, so
 * the process holding a mailbox's IDLE connection hears a change saved on another instance at once.
 * The arrow of imports keeps pointing down.
 */
@Injectable()
export class MailboxChanges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MailboxChanges.name);
  private readonly listeners = new Set<Listener>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly live: LiveEvents,
    private readonly transactions: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'mailboxes') this.tellListeners();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every API process, this one included (through its own LISTEN connection). Never rejects. */
  announce(): Promise<void> {
    return this.live.publish({ type: 'mailboxes' }, this.transactions.manager).catch((error: unknown) => {
      // The database is unreachable: at least this process hears it; the others look again on their timer.
      this.logger.warn(`Could not announce a mailbox change to other instances: ${error instanceof Error ? error.message : String(error)}`);
      this.tellListeners();
    });
  }

  private tellListeners(): void {
    for (const listener of this.listeners) listener();
  }
}
