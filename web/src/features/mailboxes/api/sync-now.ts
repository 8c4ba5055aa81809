import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SyncResultDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';
import { mailboxesQuery } from './get-mailboxes';

export const syncNow = (id: string) => api<SyncResultDto>('POST', `/api/mailboxes/${encodeURIComponent(id)}/sync`);

export function useSyncNow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: syncNow,
    // Show "running" and its progress at once, and the outcome when it ends.
    onMutate: () => setTimeout(() => void queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey }), 300),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey }), queryClient.invalidateQueries({ queryKey: ['quarantine'] })]),
  });
}
