import { describe, expect, it } from 'vitest';
import { addressFromClaims, authorizationRequestUrl, GOOGLE_PRESET, jwtPayload, microsoftPreset, needsRefresh, oauthRedirectUrl } from './oauth-providers.js';

describe('provider presets', () => {
  it('asks Google for full mail access and offline access', () => {
    expect(GOOGLE_PRESET.scopes).toContain('https://mail.google.com/');
    expect(GOOGLE_PRESET.authorizationParams).toEqual({ access_type: 'offline', prompt: 'consent' });
    expect(GOOGLE_PRESET.imap).toEqual({ host: 'imap.gmail.com', port: 993, tls: true });
  });

  it('asks Microsoft for IMAP and SMTP on outlook.office.com, with a refresh token, in the chosen tenant', () => {
    const preset = microsoftPreset('organizations');
    expect(preset.scopes).toEqual(['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access', 'openid', 'email']);
    expect(preset.tokenUrl).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/token');
    expect(preset.smtp).toEqual({ host: 'smtp.office365.com', port: 587, tls: false });
  });
});

describe('authorizationRequestUrl', () => {
  it('always sends PKCE S256, the state and the exact redirect URL', () => {
    const url = new URL(
      authorizationRequestUrl({
        authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
        clientId: 'client',
        redirectUrl: oauthRedirectUrl('https://help.example.com/'),
        scopes: ['a', 'b'],
        state: 'state-value',
        codeChallenge: 'challenge',
        params: { prompt: 'consent' },
        loginHint: 'support@example.com',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client',
      redirect_uri: 'https://help.example.com/api/oauth/callback',
      scope: 'a b',
      state: 'state-value',
      code_challenge: 'challenge',
      code_challenge_method: 'S256',
      prompt: 'consent',
      login_hint: 'support@example.com',
    });
  });
});

describe('needsRefresh', () => {
  const now = new Date('2026-12-04T10:00:00Z');
  it.each([
    ['no access token', { accessExpiresAt: new Date('2026-12-04T11:00:00Z'), hasAccessToken: false }, true],
    ['no expiry', { accessExpiresAt: null, hasAccessToken: true }, true],
    ['an hour left', { accessExpiresAt: new Date('2026-12-04T11:00:00Z'), hasAccessToken: true }, false],
    ['5 min 1 s left', { accessExpiresAt: new Date('2026-12-04T10:05:01Z'), hasAccessToken: true }, false],
    ['exactly 5 min left', { accessExpiresAt: new Date('2026-12-04T10:05:00Z'), hasAccessToken: true }, true],
    ['expired', { accessExpiresAt: new Date('2026-12-04T09:00:00Z'), hasAccessToken: true }, true],
  ])('%s → %s', (_name, token, expected) => {
    expect(needsRefresh(token, now)).toBe(expected);
  });
});

describe('addressFromClaims', () => {
  it.each([
    [{ email: 'Support@Example.com' }, 'support@example.com'],
    [{ preferred_username: 'help@contoso.com' }, 'help@contoso.com'],
    [{ upn: 'help@contoso.com', email: 42 }, 'help@contoso.com'],
    [{ sub: 'johndoe' }, null],
    [{ preferred_username: 'not an address' }, null],
  ])('%j → %s', (claims, expected) => {
    expect(addressFromClaims(claims)).toBe(expected);
  });

  it('reads the claims of an ID token', () => {
    const token = `x.${Buffer.from(JSON.stringify({ email: 'a@b.example' })).toString('base64url')}.y`;
    expect(jwtPayload(token)).toEqual({ email: 'a@b.example' });
    expect(jwtPayload('garbage')).toEqual({});
  });
});
