import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Issuer, OAuth2Service } from 'oauth2-mock-server';

export interface OAuthServer {
  url: string;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  introspectionUrl: string;
  clientId: string;
  clientSecret: string;
  /** The account the next authorization signs in as (the local server consents at once). */
  signInAs(email: string): void;
  /** Lifetime of the access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): void;
  /** Revokes every refresh and access token of an account, as revoking consent does. */
  revoke(email: string): void;
  /** The account a live access token belongs to, or null. */
  tokenOwner(token: string): string | null;
  /** Refresh-token grants received (accepted or refused), for one account or all. */
  refreshRequests(email?: string): number;
  stop(): Promise<void>;
}

export const OAUTH_CLIENT_ID = 'wholegrain-test-client';
export const OAUTH_CLIENT_SECRET = 'oauth-client-secret';

/**
 * A local OAuth 2.0 authorization server: oauth2-mock-server (PKCE S256, signed JWTs) with what a
 * real provider also does around it: single-use codes bound to an account, refresh tokens that
 * rotate and can be revoked, introspection (for Dovecot's oauth2 passdb) and userinfo that answer
 * for live tokens only, and client authentication.
 */
export async function startOAuthServer(): Promise<OAuthServer> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);
  let account = 'support@example.com';
  let ttl = 3600;
  const refreshes: string[] = [];
  /** Every refresh token ever issued, to know whose a refused one was. */
  const issued = new Map<string, string>();
  const codes = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const accessTokens = new Map<string, { email: string; expiresAt: number }>();

  // Every token unique, as at a real provider (two issued in the same second would otherwise match).
  issuer.on('beforeSigning', (token: { payload: Record<string, unknown> }) => {
    token.payload.jti = randomUUID();
  });
  service.on('beforeAuthorizeRedirect', (redirect: { url: URL }) => {
    const code = redirect.url.searchParams.get('code');
    if (code) codes.set(code, account);
  });
  service.on('beforeResponse', (response: { body: Record<string, unknown>; statusCode: number }, request: IncomingMessage & { body: Record<string, string> }) => {
    const body = request.body;
    const refuse = (statusCode: number, error: string) => {
      response.statusCode = statusCode;
      response.body = { error };
    };
    if (body.client_id !== OAUTH_CLIENT_ID || body.client_secret !== OAUTH_CLIENT_SECRET) return refuse(401, 'invalid_client');
    let email: string | undefined;
    if (body.grant_type === 'authorization_code') {
      email = codes.get(body.code ?? '');
      codes.delete(body.code ?? '');
    } else if (body.grant_type === 'refresh_token') {
      refreshes.push(issued.get(body.refresh_token ?? '') ?? '?');
      email = refreshTokens.get(body.refresh_token ?? '');
      // Rotation: the old refresh token dies with this use.
      refreshTokens.delete(body.refresh_token ?? '');
    }
    if (!email) return refuse(400, 'invalid_grant');
    response.body.expires_in = ttl;
    accessTokens.set(response.body.access_token as string, { email, expiresAt: Date.now() + ttl * 1000 });
    refreshTokens.set(response.body.refresh_token as string, email);
    issued.set(response.body.refresh_token as string, email);
  });
  service.on('beforeUserinfo', (response: { body: Record<string, unknown>; statusCode: number }, request: IncomingMessage) => {
    const token = accessTokens.get((request.headers.authorization ?? '').replace(/^Bearer /i, ''));
    if (!token || token.expiresAt < Date.now()) {
      response.statusCode = 401;
      response.body = { error: 'invalid_token' };
      return;
    }
    response.body = { sub: token.email, email: token.email, email_verified: true };
  });

  const handler = service.requestHandler;
  const server: Server = createServer((request, response) => {
    if (request.method === 'POST' && request.url?.startsWith('/introspect')) {
      // Dovecot posts `token=…` form-encoded; the mock's own introspection only reads JSON.
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const token = accessTokens.get(new URLSearchParams(raw).get('token') ?? '');
        const active = Boolean(token && token.expiresAt > Date.now());
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(active ? { active: true, email: token!.email, username: token!.email } : { active: false }));
      });
      return;
    }
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  issuer.url = url;
  return {
    url,
    authorizationUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    userinfoUrl: `${url}/userinfo`,
    introspectionUrl: `${url}/introspect`,
    clientId: OAUTH_CLIENT_ID,
    clientSecret: OAUTH_CLIENT_SECRET,
    signInAs: (email) => {
      account = email;
    },
    setAccessTokenTtl: (seconds) => {
      ttl = seconds;
    },
    revoke: (email) => {
      for (const [token, owner] of refreshTokens) if (owner === email) refreshTokens.delete(token);
      for (const [token, owner] of accessTokens) if (owner.email === email) accessTokens.delete(token);
    },
    tokenOwner: (token) => {
      const owner = accessTokens.get(token);
      return owner && owner.expiresAt > Date.now() ? owner.email : null;
    },
    refreshRequests: (email) => refreshes.filter((owner) => email === undefined || owner === email).length,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
