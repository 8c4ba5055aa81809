import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { PresenceDto } from '../conversations/conversations.types.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';

/** A browser repeats its presence every 15 seconds; silence for this long means it left. */
export const PRESENCE_TTL_MS = 40_000;

/**
 * Who is viewing or replying to which conversation. Every API process hears every presence event
 * (LISTEN/NOTIFY), so each one holds the whole picture in memory; nothing is stored.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly byConversation = new Map<string, Map<string, PresenceDto & { expiresAt: number }>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly live: LiveEvents,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type !== 'presence') return;
      let people = this.byConversation.get(event.conversationId);
      if (event.state === 'left') {
        people?.delete(event.personId);
        if (people?.size === 0) this.byConversation.delete(event.conversationId);
        return;
      }
      if (!people) this.byConversation.set(event.conversationId, (people = new Map()));
      people.set(event.personId, { person: { id: event.personId, name: event.name }, state: event.state, expiresAt: this.clock.now().getTime() + PRESENCE_TTL_MS });
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async announce(conversationId: string, person: { id: string; name: string }, state: 'viewing' | 'replying' | 'left'): Promise<void> {
    await this.live.publish({ type: 'presence', conversationId, personId: person.id, name: person.name, state }, this.transactions.manager);
  }

  of(conversationId: string): PresenceDto[] {
    const people = this.byConversation.get(conversationId);
    if (!people) return [];
    const now = this.clock.now().getTime();
    const present: PresenceDto[] = [];
    for (const [personId, entry] of people) {
      if (entry.expiresAt <= now) people.delete(personId);
      else present.push({ person: entry.person, state: entry.state });
    }
    return present.sort((a, b) => a.person.name.localeCompare(b.person.name));
  }
}
