import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PersonDto, UpdatePersonRequest } from '../../../../../api/src/people/people.contract';
import { api } from '../../../lib/api-client';
import { sessionQuery } from '../../auth/api/get-session';
import { peopleQuery } from './get-people';

export const updatePerson = ({ id, ...changes }: UpdatePersonRequest & { id: string }) => api<PersonDto>('PATCH', `/api/people/${encodeURIComponent(id)}`, changes);

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePerson,
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: peopleQuery.queryKey }), queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey })]),
  });
}
