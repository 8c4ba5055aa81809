import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DigestDto, DigestFrequencyDto, DigestSubscriptionDto, DigestSummaryDto } from '../../../../../api/src/digest/digest.types';
import { api } from '../../../lib/api-client';

export const digestArchiveQuery = queryOptions({ queryKey: ['digests'], queryFn: () => api<DigestSummaryDto[]>('GET', '/api/digests') });
export const digestPreviewQuery = queryOptions({ queryKey: ['digests', 'preview'], queryFn: () => api<DigestDto>('GET', '/api/digests/preview') });
export const digestQuery = (id: string) => queryOptions({ queryKey: ['digests', id], queryFn: () => api<DigestDto>('GET', `/api/digests/${encodeURIComponent(id)}`) });
export const digestSubscriptionQuery = queryOptions({ queryKey: ['digests', 'subscription'], queryFn: () => api<DigestSubscriptionDto>('GET', '/api/digests/subscription') });

export const useDigestArchive = () => useQuery(digestArchiveQuery);
export const useDigestPreview = (enabled: boolean) => useQuery({ ...digestPreviewQuery, enabled });
export const useDigest = (id: string) => useQuery(digestQuery(id));
export const useDigestSubscription = () => useQuery(digestSubscriptionQuery);

export function useSetDigestSubscription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enabled: boolean; frequency: DigestFrequencyDto }) => api<DigestSubscriptionDto>('PUT', '/api/digests/subscription', input),
    onSuccess: (data) => queryClient.setQueryData(digestSubscriptionQuery.queryKey, data),
  });
}
