import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcceptInvitationRequest, CreateInvitationRequest } from '../../../../../api/src/invitations/invitations.contract';
import type { InvitationDto, InvitationLinkDto, InvitationPreviewDto } from '../../../../../api/src/invitations/invitations.types';
import type { SessionDto } from '../../../../../api/src/people/people.contract';
import { api, setCsrfToken } from '../../../lib/api-client';
import { sessionQuery } from '../../auth/api/get-session';

export const pendingInvitationsQuery = queryOptions({ queryKey: ['invitations'], queryFn: () => api<InvitationDto[]>('GET', '/api/invitations') });
export const usePendingInvitations = () => useQuery(pendingInvitationsQuery);

export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInvitationRequest) => api<InvitationLinkDto>('POST', '/api/invitations', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<InvitationLinkDto>('POST', `/api/invitations/${encodeURIComponent(id)}/resend`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/invitations/${encodeURIComponent(id)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
}

export const useInvitationPreview = (token: string) =>
  useQuery({ queryKey: ['invitation-link', token], queryFn: () => api<InvitationPreviewDto>('GET', `/api/invitation-links/${encodeURIComponent(token)}`), retry: false });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AcceptInvitationRequest) => api<SessionDto>('POST', `/api/invitation-links/${encodeURIComponent(token)}/accept`, input),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionQuery.queryKey, session);
    },
  });
}
