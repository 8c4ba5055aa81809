import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { accountSessionsQuery } from './get-account-sessions';

export const endAccountSession = (id: string) => api<void>('DELETE', `/api/account/sessions/${encodeURIComponent(id)}`);

export function useEndAccountSession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: endAccountSession, onSettled: () => queryClient.invalidateQueries({ queryKey: accountSessionsQuery.queryKey }) });
}
