import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from '@simplewebauthn/browser';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RecoveryCodesDto, SecondFactorOverviewDto, SignInPolicyDto, TotpEnrolmentDto } from '../../../../../api/src/people/second-factor.types';
import { api } from '../../../lib/api-client';
import { sessionQuery } from '../../auth/api/get-session';

export const secondFactorQuery = queryOptions({ queryKey: ['account', 'second-factor'], queryFn: () => api<SecondFactorOverviewDto>('GET', '/api/account/second-factor') });
export const useSecondFactor = () => useQuery(secondFactorQuery);

export const signInPolicyQuery = queryOptions({ queryKey: ['sign-in-policy'], queryFn: () => api<SignInPolicyDto>('GET', '/api/sign-in-policy') });
export const useSignInPolicy = () => useQuery(signInPolicyQuery);

/** After any change: the overview, the policy's list of who has one, and the session (enrolment may have opened the app). */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: secondFactorQuery.queryKey });
    void queryClient.invalidateQueries({ queryKey: signInPolicyQuery.queryKey });
    void queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
  };
}

export const useStartTotp = () => useMutation({ mutationFn: () => api<TotpEnrolmentDto>('POST', '/api/account/second-factor/totp', {}) });

export function useConfirmTotp() {
  const onSettled = useRefresh();
  return useMutation({ mutationFn: (code: string) => api<RecoveryCodesDto>('POST', '/api/account/second-factor/totp/confirm', { code }), onSuccess: onSettled });
}

export function useRemoveTotp() {
  const onSettled = useRefresh();
  return useMutation({ mutationFn: (password: string) => api<void>('DELETE', '/api/account/second-factor/totp', { password }), onSettled });
}

export function useAddPasskey() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: async (name: string) => {
      const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>('POST', '/api/account/second-factor/passkeys/options', {});
      const response = await startRegistration({ optionsJSON });
      return api<RecoveryCodesDto>('POST', '/api/account/second-factor/passkeys', { name, response });
    },
    onSuccess,
  });
}

export function useRemovePasskey() {
  const onSettled = useRefresh();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) => api<void>('DELETE', `/api/account/second-factor/passkeys/${encodeURIComponent(id)}`, { password }),
    onSettled,
  });
}

export function useRegenerateRecoveryCodes() {
  const onSuccess = useRefresh();
  return useMutation({ mutationFn: (password: string) => api<RecoveryCodesDto>('POST', '/api/account/second-factor/recovery-codes', { password }), onSuccess });
}

export function useSetSignInPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requireSecondFactor: boolean) => api<SignInPolicyDto>('PUT', '/api/sign-in-policy', { requireSecondFactor }),
    onSuccess: (policy) => queryClient.setQueryData(signInPolicyQuery.queryKey, policy),
  });
}

export function useResetSecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) => api<void>('POST', `/api/people/${encodeURIComponent(personId)}/second-factor/reset`, {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: signInPolicyQuery.queryKey }),
  });
}
