/** Shapes of the OAuth API, shared with the web app. Secrets and tokens never appear here. */
export type OAuthProviderName = 'google' | 'microsoft' | 'oauth_custom';

export interface OAuthClientDto {
  provider: OAuthProviderName;
  /** Where the registration comes from; null: not configured yet. */
  source: 'environment' | 'settings' | null;
  clientId: string | null;
  hasSecret: boolean;
  authorizationUrl: string | null;
  tokenUrl: string | null;
  userinfoUrl: string | null;
  scopes: string | null;
  /** The exact redirect URL to register at the provider; null until PUBLIC_URL is set. */
  redirectUrl: string | null;
}

export interface OAuthStartDto {
  authorizationUrl: string;
}

/** `?oauth_error=` codes the callback sends back to Settings. */
export const OAUTH_ERROR_MESSAGES: Record<string, string> = {
  state_invalid: 'That sign-in link was already used, has expired (10 minutes) or was started in another session. Start again from Settings.',
  denied: 'The sign-in was cancelled or consent was not given at the provider.',
  redirect_mismatch: 'The provider says the redirect URL does not match its app registration. Register exactly the redirect URL shown in Settings.',
  exchange_failed: 'The provider refused to complete the sign-in. Check the client id and secret in Settings, then try again.',
  provider_unreachable: 'The provider could not be reached. Try again in a moment.',
  no_refresh_token: 'The provider did not grant offline access (no refresh token). Check the app registration allows it, then try again.',
  no_address: 'The provider did not say which address signed in. Enter the mailbox address and try again.',
  wrong_account: 'You signed in with a different account than this mailbox. Sign in as the mailbox address to reconnect it.',
};
