import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionDto, SignInRequest } from '../../../../../api/src/people/people.contract';
import { api, setCsrfToken } from '../../../lib/api-client';
import { sessionQuery } from './get-session';

export const signIn = (input: SignInRequest) => api<SessionDto>('POST', '/api/session', input);

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}
