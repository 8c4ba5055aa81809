import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { Tx } from './transaction.js';

export const LIVE_EVENTS_DATABASE_URL = Symbol('LIVE_EVENTS_DATABASE_URL');
/** The one name of the live-events channel; SQL that notifies in bulk passes it as a parameter. */
export const LIVE_EVENTS_CHANNEL = 'wg_events';
const CHANNEL = LIVE_EVENTS_CHANNEL;

/** What travels between API processes: small JSON objects (PostgreSQL caps a payload at 8,000 bytes). */
export type LiveEvent =
  | { type: 'conversation'; conversationId: string; mailboxId?: string }
  | { type: 'presence'; conversationId: string; personId: string; name: string; state: 'viewing' | 'replying' | 'left' }
  | { type: 'sync'; mailboxId: string }
  /** Someone's notifications changed: only that person's streams hear it. */
  | { type: 'notification'; personId: string }
  /** A reply was queued: outbox workers wake up. */
  | { type: 'outbox' }
  /** A mailbox's settings or its IDLE lease changed: every process's IDLE watcher looks again. */
  | { type: 'mailboxes' }
  /** A rotation, its members or its duty changes changed: cached plans are dropped. */
  | { type: 'rotation'; rotationId: string }
  /** A session or a person changed (sent by triggers, migration SignInChanges): kept sessions are forgotten. */
  | { type: 'sign-ins' };

/**
 * Live updates across API processes through PostgreSQL LISTEN/NOTIFY: every process listens on one
 * dedicated connection and hands each event to its local subscribers (Server-Sent Events streams,
 * the presence table). A notification sent inside a transaction is delivered only when it commits.
 */
@Injectable()
export class LiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveEvents.name);
  private readonly subscribers = new Set<(event: LiveEvent) => void>();
  private client: pg.Client | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(@Inject(LIVE_EVENTS_DATABASE_URL) private readonly databaseUrl: string) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'wholegrain-live' });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      let event: LiveEvent;
      try {
        event = JSON.parse(message.payload) as LiveEvent;
      } catch {
        return;
      }
      for (const subscriber of this.subscribers) subscriber(event);
    });
    client.on('error', (error) => {
      this.logger.warn(`The live-updates connection failed (${error.message}); reconnecting`);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.logger.warn(`Cannot listen for live updates (${error instanceof Error ? error.message : String(error)}); retrying`);
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.stopped || this.reconnectTimer) return;
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.connect();
    }, 1_000);
    this.reconnectTimer.unref();
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** Sends an event to every API process; inside `tx` it leaves only if the transaction commits. */
  async publish(event: LiveEvent, tx: Tx): Promise<void> {
    await tx.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
  }
}
