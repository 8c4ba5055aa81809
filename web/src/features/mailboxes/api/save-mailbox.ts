import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateMailboxRequest, UpdateMailboxRequest } from '../../../../../api/src/mailboxes/mailboxes.contract';
import type { MailboxDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';
import { mailboxesQuery } from './get-mailboxes';

export const createMailbox = (input: CreateMailboxRequest) => api<MailboxDto>('POST', '/api/mailboxes', input);
export const updateMailbox = ({ id, ...changes }: UpdateMailboxRequest & { id: string }) => api<MailboxDto>('PATCH', `/api/mailboxes/${encodeURIComponent(id)}`, changes);

export function useCreateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createMailbox, onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey }) });
}

export function useUpdateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: updateMailbox, onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey }) });
}
