import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QuarantinedMessageDto, SyncResultDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';
import { mailboxesQuery } from './get-mailboxes';

export const quarantineQuery = queryOptions({ queryKey: ['quarantine'], queryFn: () => api<QuarantinedMessageDto[]>('GET', '/api/quarantine') });

export const useQuarantine = (enabled: boolean) => useQuery({ ...quarantineQuery, enabled });

export function useQuarantineAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'retry' | 'force-new-conversation' }) =>
      api<SyncResultDto | { conversationId: string }>('POST', `/api/quarantine/${encodeURIComponent(id)}/${action}`),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: quarantineQuery.queryKey }), queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey })]),
  });
}
