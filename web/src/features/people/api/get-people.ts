import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PersonDto } from '../../../../../api/src/people/people.types';
import { api } from '../../../lib/api-client';

export const getPeople = () => api<PersonDto[]>('GET', '/api/people');

export const peopleQuery = queryOptions({ queryKey: ['people'], queryFn: getPeople });

export const usePeople = () => useQuery(peopleQuery);
