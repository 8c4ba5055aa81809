import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignedOutDto } from '../../../../../api/src/people/account.types';
import { api } from '../../../lib/api-client';
import { accountSessionsQuery } from './get-account-sessions';

export const changePassword = (input: { currentPassword: string; newPassword: string }) => api<SignedOutDto>('POST', '/api/account/password', input);

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: changePassword, onSuccess: () => queryClient.invalidateQueries({ queryKey: accountSessionsQuery.queryKey }) });
}
