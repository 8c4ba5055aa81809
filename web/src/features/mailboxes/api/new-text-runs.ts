import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewTextRunDto } from '../../../../../api/src/ingest/new-text-run.types';
import { api } from '../../../lib/api-client';

export const latestNewTextRunQuery = queryOptions({
  queryKey: ['new-text-runs', 'latest'],
  queryFn: () => api<{ run: NewTextRunDto | null }>('GET', '/api/admin/new-text/runs/latest'),
  // While a run works through the stored messages, show its progress.
  refetchInterval: (query) => (query.state.data?.run?.status === 'running' ? 1000 : false),
});

export const useLatestNewTextRun = () => useQuery(latestNewTextRunQuery);

export function useStartNewTextRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ run: NewTextRunDto }>('POST', '/api/admin/new-text/runs', {}),
    onSuccess: (data) => queryClient.setQueryData(latestNewTextRunQuery.queryKey, data),
    onSettled: () => queryClient.invalidateQueries({ queryKey: latestNewTextRunQuery.queryKey }),
  });
}
