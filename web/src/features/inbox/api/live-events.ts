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
 * conversation. Bursts (a mailbox import) are folded into one refresh per half second.
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const changed = new Set<string>();
    let timer: number | null = null;
    const flush = () => {
      timer = null;
      void queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] });
      for (const id of changed) void queryClient.invalidateQueries({ queryKey: ['conversations', 'one', id] });
      changed.clear();
    };
    const unsubscribe = [
      subscribeEvents('conversation', (data) => {
        const event = JSON.parse(data) as ConversationEvent;
        changed.add(event.conversationId);
        timer ??= window.setTimeout(flush, 500);
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
