import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConversationDto } from '../../../../../api/src/conversations/conversations.types';
import type { ForwardRequest, NewConversationRequest, NewConversationResultDto, UndoneConversationDto } from '../../../../../api/src/replies/outbound.contract';
import { api } from '../../../lib/api-client';
import { conversationQuery } from './conversations';

/** Forward one message or the whole conversation; the thread then shows our forward. */
export function useForward(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ForwardRequest) => api<{ messageId: string; conversation: ConversationDto }>('POST', `/api/conversations/${encodeURIComponent(conversationId)}/forwards`, input),
    onSuccess: (result) => {
      queryClient.setQueryData(conversationQuery(conversationId).queryKey, result.conversation);
      return queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] });
    },
  });
}

/** Start a conversation with a customer (an email from a mailbox). */
export function useStartConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewConversationRequest) => api<NewConversationResultDto>('POST', '/api/conversations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conversations', 'list'] }),
  });
}

/** Take back a new conversation still waiting out its undo time: nothing is sent; the dialog's contents come back. */
export function useUndoStart() {
  return useMutation({
    mutationFn: (conversationId: string) => api<UndoneConversationDto>('POST', `/api/held-conversations/${encodeURIComponent(conversationId)}/undo`),
  });
}

/** Known contacts for the To field. */
export const suggestRecipients = (q: string) => api<{ address: string; name: string | null }[]>('GET', `/api/recipients?q=${encodeURIComponent(q)}`);
