import type { OAuthProviderName } from '../../../../../api/src/mailboxes/oauth.types';

export const PROVIDER_LABELS: Record<OAuthProviderName, string> = {
  google: 'Google',
  microsoft: 'Microsoft',
  oauth_custom: 'OAuth 2.0 (custom)',
};
