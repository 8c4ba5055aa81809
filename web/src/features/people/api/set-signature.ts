import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PersonDto } from '../../../../../api/src/people/people.types';
import { api } from '../../../lib/api-client';
import { sessionQuery } from '../../auth/api/get-session';

export const setSignature = (signature: string) => api<PersonDto>('PUT', '/api/people/me/signature', { signature });

export function useSetSignature() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: setSignature, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey }) });
}
