import { Injectable, Logger } from '@nestjs/common';

/** What a token endpoint answered. */
export interface TokenSet {
  accessToken: string;
  /** Absent when the provider keeps the old one (no rotation). */
  refreshToken: string | null;
  expiresInSeconds: number;
  idToken: string | null;
}

/** The provider refused the grant (`invalid_grant`: consent revoked, password changed, token expired). */
export class OAuthGrantRefused extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthGrantRefused';
  }
}

/** The provider could not be reached or answered with a server error: try again later. */
export class OAuthUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuthUnavailable';
  }
}

export interface OAuthClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string | null;
}

const TIMEOUT_MS = 15_000;

/** The only code that talks to OAuth token and userinfo endpoints. */
@Injectable()
export class OAuthTokenClient {
  private readonly logger = new Logger(OAuthTokenClient.name);

  exchangeCode(client: OAuthClientCredentials, input: { code: string; codeVerifier: string; redirectUrl: string }): Promise<TokenSet> {
    return this.tokenRequest(client, { grant_type: 'authorization_code', code: input.code, code_verifier: input.codeVerifier, redirect_uri: input.redirectUrl });
  }

  refresh(client: OAuthClientCredentials, refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async userinfo(url: string, accessToken: string): Promise<Record<string, unknown>> {
    const response = await this.send(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    if (!response.ok) throw new OAuthUnavailable(`The userinfo endpoint answered ${response.status}.`);
    return (await response.json()) as Record<string, unknown>;
  }

  private async tokenRequest(client: OAuthClientCredentials, fields: Record<string, string>): Promise<TokenSet> {
    const body = new URLSearchParams({ ...fields, client_id: client.clientId });
    if (client.clientSecret) body.set('client_secret', client.clientSecret);
    const response = await this.send(client.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: handled by the status below.
    }
    if (!response.ok) {
      const error = typeof json.error === 'string' ? json.error : `http_${response.status}`;
      // The provider's description may name the account; it goes to the log only.
      this.logger.warn(`Token endpoint ${new URL(client.tokenUrl).host} refused ${fields.grant_type}: ${error} ${typeof json.error_description === 'string' ? json.error_description : ''}`);
      if (response.status >= 500) throw new OAuthUnavailable(`The provider's token endpoint answered ${response.status}.`);
      throw new OAuthGrantRefused(error, `The provider refused the ${fields.grant_type === 'refresh_token' ? 'stored authorization' : 'sign-in'} (${error}).`);
    }
    if (typeof json.access_token !== 'string') throw new OAuthUnavailable('The provider answered without an access token.');
    return {
      accessToken: json.access_token,
      refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : null,
      expiresInSeconds: typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600) || 3600,
      idToken: typeof json.id_token === 'string' ? json.id_token : null,
    };
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      this.logger.warn(`Cannot reach ${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`);
      throw new OAuthUnavailable(`Cannot reach the provider at ${new URL(url).host}.`);
    }
  }
}
