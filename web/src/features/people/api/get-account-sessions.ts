import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccountSessionDto } from '../../../../../api/src/people/account.types';
import { api } from '../../../lib/api-client';

export const getAccountSessions = () => api<AccountSessionDto[]>('GET', '/api/account/sessions');

export const accountSessionsQuery = queryOptions({ queryKey: ['account', 'sessions'], queryFn: getAccountSessions });

export const useAccountSessions = () => useQuery(accountSessionsQuery);
