import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignedOutDto } from '../../../../../api/src/people/account.types';
import { api } from '../../../lib/api-client';
import { accountSessionsQuery } from './get-account-sessions';

export const signOutOtherSessions = () => api<SignedOutDto>('POST', '/api/account/sessions/sign-out-others', {});

export function useSignOutOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: signOutOtherSessions, onSettled: () => queryClient.invalidateQueries({ queryKey: accountSessionsQuery.queryKey }) });
}
