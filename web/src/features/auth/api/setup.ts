import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionDto, SetupRequest, SetupStatusDto } from '../../../../../api/src/people/people.contract';
import { api, setCsrfToken } from '../../../lib/api-client';
import { sessionQuery } from './get-session';

export const setupStatusQuery = queryOptions({
  queryKey: ['setup-status'],
  queryFn: () => api<SetupStatusDto>('GET', '/api/setup'),
  staleTime: Infinity,
});

export const useSetupStatus = () => useQuery(setupStatusQuery);

export const completeSetup = (input: SetupRequest) => api<SessionDto>('POST', '/api/setup', input);

export function useCompleteSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: completeSetup,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(setupStatusQuery.queryKey, { needsSetup: false });
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}
