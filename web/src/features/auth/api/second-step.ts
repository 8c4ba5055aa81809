import { type PublicKeyCredentialRequestOptionsJSON, startAuthentication } from '@simplewebauthn/browser';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionDto } from '../../../../../api/src/people/people.types';
import type { SecondStepDto } from '../../../../../api/src/people/second-factor.types';
import { api, setCsrfToken } from '../../../lib/api-client';
import { sessionQuery } from './get-session';

export const secondStepQuery = queryOptions({ queryKey: ['session', 'second-step'], queryFn: () => api<SecondStepDto>('GET', '/api/session/second-step'), retry: false });

export const useSecondStep = () => useQuery(secondStepQuery);

async function withCode(input: { method: 'totp' | 'recovery'; code: string }): Promise<SessionDto> {
  return api<SessionDto>('POST', '/api/session/second-step', input);
}

async function withPasskey(): Promise<SessionDto> {
  const optionsJSON = await api<PublicKeyCredentialRequestOptionsJSON>('POST', '/api/session/passkey/options', {});
  const response = await startAuthentication({ optionsJSON });
  return api<SessionDto>('POST', '/api/session/passkey', { response });
}

function useSignedIn() {
  const queryClient = useQueryClient();
  return (session: SessionDto) => {
    setCsrfToken(session.csrfToken);
    queryClient.setQueryData(sessionQuery.queryKey, session);
    queryClient.removeQueries({ queryKey: secondStepQuery.queryKey });
  };
}

export function useSecondStepWithCode() {
  const onSuccess = useSignedIn();
  return useMutation({ mutationFn: withCode, onSuccess });
}

export function useSecondStepWithPasskey() {
  const onSuccess = useSignedIn();
  return useMutation({ mutationFn: withPasskey, onSuccess });
}

export const cancelSecondStep = () => api<void>('DELETE', '/api/session/second-step');
