import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses sensible defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/wholegrain');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: '/srv/wholegrain/.wholegrain',
      embeddedPostgresPort: 54329,
      trustProxy: false,
      sessionTtlDays: 30,
      sessionIdleDays: 14,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'chatty', TRUST_PROXY: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT must be a number (got "eighty")');
    expect(message).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('TRUST_PROXY');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('reads OAuth app registrations from the environment, Microsoft on the common tenant by default', () => {
    const config = loadConfig({ GOOGLE_OAUTH_CLIENT_ID: 'g-id', GOOGLE_OAUTH_CLIENT_SECRET: 'g-secret', MICROSOFT_OAUTH_CLIENT_ID: 'm-id' });
    expect(config.oauthClients).toEqual({ google: { clientId: 'g-id', clientSecret: 'g-secret' }, microsoft: { clientId: 'm-id', clientSecret: null } });
    expect(config.microsoftTenant).toBe('common');
    expect(loadConfig({}).oauthClients).toEqual({ google: null, microsoft: null });
    expect(() => loadConfig({ MICROSOFT_OAUTH_TENANT: 'evil/../x' })).toThrow(/MICROSOFT_OAUTH_TENANT/);
  });

  it('never echoes a database URL, which may carry a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'http://user:hunter2@db/x' })).toThrow(/^(?![\s\S]*hunter2)/);
  });

  it('accepts an external Postgres and an https public address', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/wholegrain', PUBLIC_URL: 'https://support.example.com' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/wholegrain');
    expect(config.publicUrl).toBe('https://support.example.com');
  });
});
