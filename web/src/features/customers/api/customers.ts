import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerDto, CustomerNoteDto } from '../../../../../api/src/customers/customers.types';
import { api } from '../../../lib/api-client';

/** Under 'conversations', so live updates and status changes refresh the customer's other conversations too. */
export const customerQuery = (conversationId: string) =>
  queryOptions({
    queryKey: ['conversations', 'customer', conversationId],
    queryFn: () => api<CustomerDto>('GET', `/api/conversations/${encodeURIComponent(conversationId)}/customer`),
  });

export const useCustomer = (conversationId: string) => useQuery(customerQuery(conversationId));

export function useSaveCustomerNote(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { text: string; version: number }) => api<CustomerNoteDto>('PUT', `/api/contacts/${encodeURIComponent(contactId)}/note`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conversations', 'customer'] }),
  });
}
