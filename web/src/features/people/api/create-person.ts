import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreatePersonRequest, PersonDto } from '../../../../../api/src/people/people.contract';
import { api } from '../../../lib/api-client';
import { peopleQuery } from './get-people';

export const createPerson = (input: CreatePersonRequest) => api<PersonDto>('POST', '/api/people', input);

export function useCreatePerson() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createPerson, onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleQuery.queryKey }) });
}
