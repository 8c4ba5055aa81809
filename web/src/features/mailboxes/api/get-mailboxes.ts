import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';

export const mailboxesQuery = queryOptions({ queryKey: ['mailboxes'], queryFn: () => api<MailboxDto[]>('GET', '/api/mailboxes') });

/** Polls fast while a sync runs (to show its progress), slowly otherwise. */
export const useMailboxes = () =>
  useQuery({
    ...mailboxesQuery,
    refetchInterval: (query) => (query.state.data?.some((mailbox) => mailbox.sync.stage === 'running') ? 1_000 : 15_000),
  });
