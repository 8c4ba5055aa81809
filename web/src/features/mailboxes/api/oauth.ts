import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OAuthClientRequest, OAuthStartRequest } from '../../../../../api/src/mailboxes/oauth.contract';
import type { OAuthClientDto, OAuthProviderName, OAuthStartDto } from '../../../../../api/src/mailboxes/oauth.types';
import { api } from '../../../lib/api-client';
import { mailboxesQuery } from './get-mailboxes';

export const oauthClientsQuery = queryOptions({ queryKey: ['oauth-clients'], queryFn: () => api<OAuthClientDto[]>('GET', '/api/oauth/clients') });

export const useOAuthClients = (enabled = true) => useQuery({ ...oauthClientsQuery, enabled });

export function useSaveOAuthClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, ...input }: OAuthClientRequest & { provider: OAuthProviderName }) => api<OAuthClientDto>('PUT', `/api/oauth/clients/${provider}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthClientsQuery.queryKey }),
  });
}

/** Starts the provider's sign-in: the browser leaves for the provider and comes back to Settings. */
export const useStartOAuth = () =>
  useMutation({
    mutationFn: (input: OAuthStartRequest) => api<OAuthStartDto>('POST', '/api/oauth/start', input),
    onSuccess: (started) => window.location.assign(started.authorizationUrl),
  });

export function useDisconnectOAuth() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mailboxId: string) => api<void>('POST', `/api/oauth/mailboxes/${encodeURIComponent(mailboxId)}/disconnect`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxesQuery.queryKey }),
  });
}
