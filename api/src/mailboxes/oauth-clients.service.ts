import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { OAuthProvider } from './mailbox-oauth.entity.js';
import { MailboxOAuthRepository } from './mailbox-oauth.repository.js';
import type { oauthClientRequestSchema } from './oauth.contract.js';
import type { OAuthClientDto } from './oauth.types.js';
import { GOOGLE_PRESET, microsoftPreset, oauthRedirectUrl, type OAuthProviderPreset } from './oauth-providers.js';
import { SecretBox } from '../common/secret-box.js';

/** A provider ready to use: its endpoints and the admin's app registration. */
export interface ResolvedOAuthClient {
  provider: OAuthProvider;
  clientId: string;
  clientSecret: string | null;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string | null;
  scopes: string[];
  authorizationParams: Record<string, string>;
  preset: OAuthProviderPreset | null;
}

const secretAad = (provider: OAuthProvider) => `oauth_client:${provider}`;

/** The OAuth app registrations: from the environment (which wins) or entered once in Settings. */
@Injectable()
export class OAuthClientsService {
  constructor(
    private readonly repository: MailboxOAuthRepository,
    private readonly secrets: SecretBox,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  redirectUrl(): string | null {
    return this.config.publicUrl ? oauthRedirectUrl(this.config.publicUrl) : null;
  }

  presetOf(provider: OAuthProvider): OAuthProviderPreset | null {
    if (provider === 'google') return GOOGLE_PRESET;
    if (provider === 'microsoft') return microsoftPreset(this.config.microsoftTenant);
    return null;
  }

  private fromEnv(provider: OAuthProvider) {
    return provider === 'oauth_custom' ? null : this.config.oauthClients[provider];
  }

  async resolve(provider: OAuthProvider): Promise<ResolvedOAuthClient> {
    const preset = this.presetOf(provider);
    const env = this.fromEnv(provider);
    const row = env ? null : await this.repository.client(provider);
    if (!env && !row) throw new AppError('conflict', `No ${preset?.label ?? 'OAuth 2.0'} app registration yet: an admin enters its client id in Settings first.`);
    const clientId = env?.clientId ?? row!.clientId;
    const clientSecret = env ? env.clientSecret : row!.clientSecretEnc ? this.secrets.open(row!.clientSecretEnc, secretAad(provider)) : null;
    if (preset) {
      return { provider, clientId, clientSecret, authorizationUrl: preset.authorizationUrl, tokenUrl: preset.tokenUrl, userinfoUrl: preset.userinfoUrl, scopes: preset.scopes, authorizationParams: preset.authorizationParams, preset };
    }
    return {
      provider,
      clientId,
      clientSecret,
      authorizationUrl: row!.authorizationUrl!,
      tokenUrl: row!.tokenUrl!,
      userinfoUrl: row!.userinfoUrl,
      scopes: (row!.scopes ?? '').split(/\s+/).filter(Boolean),
      authorizationParams: {},
      preset: null,
    };
  }

  async list(): Promise<OAuthClientDto[]> {
    const rows = new Map((await this.repository.clients()).map((row) => [row.provider, row]));
    return (['google', 'microsoft', 'oauth_custom'] as const).map((provider) => {
      const env = this.fromEnv(provider);
      const row = rows.get(provider);
      const preset = this.presetOf(provider);
      return {
        provider,
        source: env ? 'environment' : row ? 'settings' : null,
        clientId: env?.clientId ?? row?.clientId ?? null,
        hasSecret: env ? env.clientSecret !== null : Boolean(row?.clientSecretEnc),
        authorizationUrl: preset?.authorizationUrl ?? row?.authorizationUrl ?? null,
        tokenUrl: preset?.tokenUrl ?? row?.tokenUrl ?? null,
        userinfoUrl: preset ? preset.userinfoUrl : (row?.userinfoUrl ?? null),
        scopes: preset?.scopes.join(' ') ?? row?.scopes ?? null,
        redirectUrl: this.redirectUrl(),
      };
    });
  }

  async save(provider: OAuthProvider, input: z.output<typeof oauthClientRequestSchema>, actor: Person, ip: string | null): Promise<OAuthClientDto> {
    if (this.fromEnv(provider)) throw new AppError('conflict', 'This app registration is set by environment variables; change it there.');
    if (provider === 'oauth_custom' && (!input.authorizationUrl || !input.tokenUrl)) {
      throw new AppError('validation_failed', 'A custom OAuth 2.0 server needs its authorization and token URLs.', {
        ...(input.authorizationUrl ? {} : { authorizationUrl: ['Required'] }),
        ...(input.tokenUrl ? {} : { tokenUrl: ['Required'] }),
      });
    }
    const existing = await this.repository.client(provider);
    // An omitted secret keeps the stored one; an empty string removes it (public clients).
    const clientSecretEnc =
      input.clientSecret === undefined ? (existing?.clientSecretEnc ?? null) : input.clientSecret === '' ? null : this.secrets.seal(input.clientSecret, secretAad(provider));
    await this.transactions.run(async (tx) => {
      await this.repository.saveClient(
        {
          provider,
          clientId: input.clientId,
          clientSecretEnc,
          authorizationUrl: provider === 'oauth_custom' ? (input.authorizationUrl ?? null) : null,
          tokenUrl: provider === 'oauth_custom' ? (input.tokenUrl ?? null) : null,
          userinfoUrl: provider === 'oauth_custom' ? (input.userinfoUrl ?? null) : null,
          scopes: provider === 'oauth_custom' ? (input.scopes ?? null) : null,
        },
        tx,
      );
      await this.audit.record(
        { actorId: actor.id, action: 'oauth_client.updated', targetType: 'oauth_client', ip, details: { provider, secretChanged: input.clientSecret !== undefined } },
        tx,
      );
    });
    return (await this.list()).find((client) => client.provider === provider)!;
  }
}
