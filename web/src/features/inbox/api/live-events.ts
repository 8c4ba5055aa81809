import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { PresenceDto } from '../../../../../api/src/conversations/conversations.types';
import { subscribeEvents } from '../../../lib/event-stream';

interface ConversationEvent {
  conversationId: string;
}
interface PresenceEvent {
  conversationId: string;
  personId: string;
  name: string;
  state: 'viewing' | 'replying' | 'left';
}

/**
 * Keeps the inbox current without reloads: the API's Server-Sent Events (fed by PostgreSQL
 * LISTEN/NOTIFY, so changes made on any API process arrive) refresh the lists and the open
 * conversation. A change shows at once; bursts (a mailbox import) are folded into one refresh per half second.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const changed = new Set<string>();
    let timer: number | null = null;
    const refresh = () => {
      // The list on screen first, alone; the view counts straight after it (not competing with it).
      const isCounts = (query: { queryKey: readonly unknown[] }) => query.queryKey[2] === 'counts';
      void queryClient
        .invalidateQueries({ queryKey: ['conversations', 'list'], predicate: (query) => !isCounts(query) })
        .finally(() => void queryClient.invalidateQueries({ queryKey: ['conversations', 'list'], predicate: isCounts }));
      for (const id of changed) void queryClient.invalidateQueries({ queryKey: ['conversations', 'one', id] });
      changed.clear();
    };
    // The first change shows at once; more within the next half second wait for its end, together.
    const holdBurst = () => {
      timer = window.setTimeout(() => {
        timer = null;
        if (changed.size === 0) return;
        refresh();
        holdBurst();
      }, 500);
    };
    const unsubscribe = [
      subscribeEvents('conversation', (data) => {
        const event = JSON.parse(data) as ConversationEvent;
        changed.add(event.conversationId);
        if (timer !== null) return;
        refresh();
        holdBurst();
      }),
      subscribeEvents('presence', (data) => {
        const event = JSON.parse(data) as PresenceEvent;
        queryClient.setQueryData<PresenceDto[]>(['conversations', 'presence', event.conversationId], (current = []) => {
          const others = current.filter((entry) => entry.person.id !== event.personId);
          return event.state === 'left' ? others : [...others, { person: { id: event.personId, name: event.name }, state: event.state }];
        });
      }),
      // After a dropped connection, refresh what may have been missed.
      subscribeEvents('open', () => void queryClient.invalidateQueries({ queryKey: ['conversations'] })),
    ];
    return () => {
      for (const stop of unsubscribe) stop();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [queryClient]);
}
