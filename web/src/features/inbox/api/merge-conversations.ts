import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MergeResultDto, SplitResultDto } from '../../../../../api/src/conversations/conversations.types';
import { api } from '../../../lib/api-client';

/** Merge, undo and split change two conversations at once: every conversation query (lists, both threads, the customer panel) is refetched. */
function useRefreshConversations() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['conversations'] });
}

/**
 * Merge two conversations of one customer: the older absorbs the newer, whichever was asked from.
 * Nothing is refreshed here: the caller first leaves the absorbed conversation (it no longer
 * exists), then calls `refreshAfterMerge`.
 */
export function useMergeConversations() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ id, otherId }: { id: string; otherId: string }) => api<MergeResultDto>('POST', `/api/conversations/${encodeURIComponent(id)}/merge`, { otherId }),
  });
  const refreshAfterMerge = (result: MergeResultDto) => {
    queryClient.removeQueries({ queryKey: ['conversations', 'one', result.absorbedId], type: 'inactive' });
    return queryClient.invalidateQueries({
      queryKey: ['conversations'],
      predicate: (query) => !(query.queryKey[1] === 'one' && query.queryKey[2] === result.absorbedId),
    });
  };
  return { ...mutation, refreshAfterMerge };
}

/** Undo a merge (the API allows it for a minute, and only while nothing new arrived in the merged conversation). */
export function useUndoMerge() {
  const refresh = useRefreshConversations();
  return useMutation({
    mutationFn: (mergeId: string) => api<{ conversationId: string; restoredId: string }>('POST', `/api/merges/${encodeURIComponent(mergeId)}/undo`),
    onSuccess: refresh,
  });
}

/** Split one email out into a new conversation of the same customer. */
export function useSplitMessage() {
  const refresh = useRefreshConversations();
  return useMutation({
    mutationFn: (messageId: string) => api<SplitResultDto>('POST', `/api/messages/${encodeURIComponent(messageId)}/split`),
    onSuccess: refresh,
  });
}
