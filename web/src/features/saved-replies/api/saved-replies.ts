import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedReplyDto } from '../../../../../api/src/replies/saved-replies.contract';
import { api } from '../../../lib/api-client';

export type { SavedReplyDto };
export interface SavedReplyInput {
  name: string;
  body: string;
  scope: 'team' | 'personal';
}

/** The team's saved replies and the person's own (filtered by name in the page, instantly, as one types). */
export const savedRepliesQuery = queryOptions({
  queryKey: ['saved-replies'],
  queryFn: () => api<SavedReplyDto[]>('GET', '/api/saved-replies'),
  staleTime: 30_000,
});

export const useSavedReplies = (enabled = true) => useQuery({ ...savedRepliesQuery, enabled });

export function useSaveSavedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: SavedReplyInput & { id?: string }) =>
      id ? api<SavedReplyDto>('PATCH', `/api/saved-replies/${encodeURIComponent(id)}`, input) : api<SavedReplyDto>('POST', '/api/saved-replies', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedRepliesQuery.queryKey }),
  });
}

export function useDeleteSavedReply() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/saved-replies/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedRepliesQuery.queryKey }),
  });
}
