import type { OAuthProvider } from './mailbox-oauth.entity.js';

/** Where a provider signs people in and which servers its mailboxes use. Pure data. */
export interface OAuthProviderPreset {
  provider: OAuthProvider;
  label: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Where the signed-in address comes from (OpenID Connect userinfo); null: the admin types it. */
  userinfoUrl: string | null;
  scopes: string[];
  /** Extra query parameters of the authorization request. */
  authorizationParams: Record<string, string>;
  imap: { host: string; port: number; tls: boolean };
  smtp: { host: string; port: number; tls: boolean };
}

export const GOOGLE_PRESET: OAuthProviderPreset = {
  provider: 'google',
  label: 'Google',
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
  scopes: ['https://mail.google.com/', 'openid', 'email'],
  // offline + consent: Google returns a refresh token only with these.
  authorizationParams: { access_type: 'offline', prompt: 'consent' },
  imap: { host: 'imap.gmail.com', port: 993, tls: true },
  smtp: { host: 'smtp.gmail.com', port: 465, tls: true },
};

export function microsoftPreset(tenant: string): OAuthProviderPreset {
  const base = `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return {
    provider: 'microsoft',
    label: 'Microsoft',
    authorizationUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    // The address comes from the ID token's claims (email / preferred_username), not from Graph.
    userinfoUrl: null,
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access', 'openid', 'email'],
    authorizationParams: { prompt: 'select_account' },
    imap: { host: 'outlook.office365.com', port: 993, tls: true },
    smtp: { host: 'smtp.office365.com', port: 587, tls: false },
  };
}

/** The redirect URL to register at the provider: the same for every provider. */
export function oauthRedirectUrl(publicUrl: string): string {
  return new URL('/api/oauth/callback', publicUrl).toString();
}

/** The authorization request URL: code flow with PKCE S256 and our state. */
export function authorizationRequestUrl(input: {
  authorizationUrl: string;
  clientId: string;
  redirectUrl: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
  params: Record<string, string>;
  loginHint?: string;
}): string {
  const url = new URL(input.authorizationUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUrl);
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [key, value] of Object.entries(input.params)) url.searchParams.set(key, value);
  if (input.loginHint) url.searchParams.set('login_hint', input.loginHint);
  return url.toString();
}

/** The address claim of an ID token's payload or a userinfo answer. */
export function addressFromClaims(claims: Record<string, unknown>): string | null {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const value = claims[key];
    if (typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value)) return value.trim().toLowerCase();
  }
  return null;
}

/** The payload of a JWT, unverified: it came straight from the token endpoint over TLS, never from the browser. */
export function jwtPayload(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  if (!payload) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Refresh this long before the access token expires, so a sync never starts with a token about to die. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Whether an access token must be refreshed before use. */
export function needsRefresh(token: { accessExpiresAt: Date | null; hasAccessToken: boolean }, now: Date): boolean {
  if (!token.hasAccessToken || !token.accessExpiresAt) return true;
  return token.accessExpiresAt.getTime() - REFRESH_MARGIN_MS <= now.getTime();
}
