import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Response } from 'express';

/** What a browser is told when the server stops: reconnect after about this long (another instance, or this one restarted). */
export const RECONNECT_AFTER_SHUTDOWN_MS = 1_000;

/**
 * The open Server-Sent Events streams of this process. An open stream keeps its HTTP connection
 * busy, so the server could not close until every browser tab did: on shutdown each stream gets a
 * retry hint and is ended, and EventSource reconnects by itself.
 */
@Injectable()
export class EventStreams implements OnModuleDestroy {
  private readonly open = new Set<Response>();
  private closing = false;

  /** Registers a stream; false when the process is stopping (the caller ends it at once). */
  add(response: Response): boolean {
    if (this.closing) return false;
    this.open.add(response);
    return true;
  }

  remove(response: Response): void {
    this.open.delete(response);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every stream with a retry hint; streams opened from now on are ended the same way. */
  closeAll(): void {
    this.closing = true;
    for (const response of this.open) endWithRetryHint(response);
    this.open.clear();
  }

  // The first shutdown hook Nest runs, before background work is drained and the server closed.
  onModuleDestroy(): void {
    this.closeAll();
  }
}

export function endWithRetryHint(response: Response): void {
  if (response.writableEnded) return;
  response.end(`retry: ${RECONNECT_AFTER_SHUTDOWN_MS}\n\n`);
}
