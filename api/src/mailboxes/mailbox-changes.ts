import { Injectable } from '@nestjs/common';

type Listener = () => void;

/**
 * "A mailbox's settings changed": mailboxes/ announces it, and whatever watches mailboxes from above
 * (sync's IDLE watcher) subscribes. The arrow of imports keeps pointing down.
 */
@Injectable()
export class MailboxChanges {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(): void {
    for (const listener of this.listeners) listener();
  }
}
