import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionDto, SignInRequest } from '../../../../../api/src/people/people.contract';
import type { SecondStepDto } from '../../../../../api/src/people/second-factor.types';
import { api, setCsrfToken } from '../../../lib/api-client';
import { sessionQuery } from './get-session';

/** The password step: signed in, or (202) a second step is needed. */
export const signIn = (input: SignInRequest) => api<SessionDto | SecondStepDto>('POST', '/api/session', input);

export function isSecondStep(result: SessionDto | SecondStepDto): result is SecondStepDto {
  return 'secondFactorRequired' in result;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (result) => {
      if (isSecondStep(result)) return;
      setCsrfToken(result.csrfToken);
      // What the first page shows (preloaded) goes to that page's queries, not into the session.
      const { preloaded: _preloaded, ...session } = result;
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}
