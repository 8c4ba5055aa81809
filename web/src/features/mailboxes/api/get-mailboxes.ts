import { queryOptions, useQuery } from '@tanstack/react-query';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';

export const mailboxesQuery = queryOptions({ queryKey: ['mailboxes'], queryFn: () => api<MailboxDto[]>('GET', '/api/mailboxes') });

/** A sync is running (its progress is shown), or a new mailbox waits for its first one to start. */
const syncing = (mailbox: MailboxDto) => mailbox.sync.stage === 'running' || (mailbox.sync.stage === 'idle' && !mailbox.sync.lastSuccessAt);

/** Polls fast while a sync runs or a first one is due (to show its progress), slowly otherwise. */
export const useMailboxes = () =>
  useQuery({
    ...mailboxesQuery,
    refetchInterval: (query) => (query.state.data?.some(syncing) ? 1_000 : 15_000),
  });
