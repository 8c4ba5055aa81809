import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { TransactionRunner } from '../database/transaction.js';
import { SmtpFailure, type SmtpSettings } from '../mail/smtp-transport.js';
import { ImapFailure, type ImapSettings } from '../mail/imap-session.js';
import type { Mailbox } from './mailbox.entity.js';
import { MailboxOAuthRepository } from './mailbox-oauth.repository.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { needsRefresh } from './oauth-providers.js';
import { OAuthGrantRefused, OAuthTokenClient, OAuthUnavailable } from './oauth-token.client.js';
import { SecretBox } from '../common/secret-box.js';

/** Why no access token could be had: the grant is gone (reconnect) or the provider is away (retry). */
export class OAuthTokenFailure extends Error {
  constructor(
    readonly kind: 'auth' | 'connection',
    message: string,
  ) {
    super(message);
    this.name = 'OAuthTokenFailure';
  }
}

export const REAUTH_MESSAGE = 'The provider no longer accepts this mailbox\'s authorization (consent revoked, password changed or access removed). An admin reconnects it in Settings; no mail is lost meanwhile.';

/**
 * The credentials a mailbox signs in with: its sealed passwords, or an OAuth access token refreshed
 * shortly before it expires. A refresh locks the mailbox's token row, so with several processes one
 * refreshes and the others wait and use what it stored: a rotated refresh token is never overwritten.
 */
@Injectable()
export class MailboxCredentialsService {
  private readonly logger = new Logger(MailboxCredentialsService.name);

  constructor(
    private readonly repository: MailboxOAuthRepository,
    private readonly clients: OAuthClientsService,
    private readonly tokenClient: OAuthTokenClient,
    private readonly transactions: TransactionRunner,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async imapSettings(mailbox: Mailbox): Promise<ImapSettings> {
    const base = { host: mailbox.imapHost, port: mailbox.imapPort, tls: mailbox.imapTls, user: mailbox.imapUser, allowSelfSigned: mailbox.allowSelfSigned };
    if (mailbox.authKind === 'password') return { ...base, password: this.secrets.open(mailbox.imapPasswordEnc, mailbox.id) };
    try {
      return { ...base, password: '', accessToken: await this.accessToken(mailbox) };
    } catch (error) {
      if (error instanceof OAuthTokenFailure) throw new ImapFailure(error.kind, error.message, { cause: error });
      throw error;
    }
  }

  async smtpSettings(mailbox: Mailbox): Promise<SmtpSettings> {
    const base = { host: mailbox.smtpHost, port: mailbox.smtpPort, tls: mailbox.smtpTls, user: mailbox.smtpUser, allowSelfSigned: mailbox.allowSelfSigned };
    if (mailbox.authKind === 'password') return { ...base, password: this.secrets.open(mailbox.smtpPasswordEnc, mailbox.id) };
    try {
      return { ...base, password: '', accessToken: await this.accessToken(mailbox) };
    } catch (error) {
      if (error instanceof OAuthTokenFailure) throw new SmtpFailure(error.kind, error.message, undefined, { cause: error });
      throw error;
    }
  }

  /** A valid access token: the stored one, or one refreshed now (once across all processes). */
  async accessToken(mailbox: Mailbox): Promise<string> {
    const stored = await this.repository.tokens(mailbox.id);
    if (!stored || !stored.refreshTokenEnc || stored.refusedAt) throw new OAuthTokenFailure('auth', REAUTH_MESSAGE);
    if (stored.accessTokenEnc && !needsRefresh({ accessExpiresAt: stored.accessExpiresAt, hasAccessToken: true }, this.clock.now())) {
      return this.secrets.open(stored.accessTokenEnc, mailbox.id);
    }
    // Resolved before the transaction: inside it, every query must use its connection.
    const client = await this.clients.resolve(stored.provider);
    const outcome = await this.transactions.run(async (tx) => {
      const locked = await this.repository.lockTokens(mailbox.id, tx);
      if (!locked || !locked.refreshTokenEnc || locked.refusedAt) return { refused: true as const, alreadyRefused: true };
      // Another process may have refreshed while this one waited for the lock: use its token.
      if (locked.accessTokenEnc && !needsRefresh({ accessExpiresAt: locked.accessExpiresAt, hasAccessToken: true }, this.clock.now())) {
        return { token: this.secrets.open(locked.accessTokenEnc, mailbox.id) };
      }
      try {
        const tokens = await this.tokenClient.refresh(client, this.secrets.open(locked.refreshTokenEnc, mailbox.id));
        const now = this.clock.now();
        await this.repository.storeRefreshed(
          mailbox.id,
          {
            accessTokenEnc: this.secrets.seal(tokens.accessToken, mailbox.id),
            accessExpiresAt: new Date(now.getTime() + tokens.expiresInSeconds * 1000),
            refreshTokenEnc: tokens.refreshToken ? this.secrets.seal(tokens.refreshToken, mailbox.id) : null,
          },
          now,
          tx,
        );
        return { token: tokens.accessToken };
      } catch (error) {
        if (error instanceof OAuthGrantRefused) {
          await this.repository.markRefused(mailbox.id, this.clock.now(), tx);
          return { refused: true as const, alreadyRefused: false };
        }
        if (error instanceof OAuthUnavailable) return { unavailable: error.message };
        throw error;
      }
    });
    if ('token' in outcome && outcome.token !== undefined) return outcome.token;
    if ('unavailable' in outcome) throw new OAuthTokenFailure('connection', outcome.unavailable ?? 'The provider could not be reached.');
    if (!outcome.alreadyRefused) await this.onRefused(mailbox);
    throw new OAuthTokenFailure('auth', REAUTH_MESSAGE);
  }

  /** The grant is gone: stop syncing (no retries until a reconnect) and tell the admins, once. */
  private async onRefused(mailbox: Mailbox): Promise<void> {
    const now = this.clock.now();
    this.logger.warn(`${mailbox.address}: the provider refused the refresh token; the mailbox needs to be reconnected`);
    await this.repository.requireReauth(mailbox.id, REAUTH_MESSAGE, now);
    await this.repository.noticeAdmins({
      kind: 'mailbox_reauth',
      dedupeKey: `mailbox_reauth:${mailbox.id}:${now.toISOString()}`,
      title: `Reconnect ${mailbox.address}`,
      body: `The provider no longer accepts Wholegrain's access to ${mailbox.address}, so new mail is not being read. An admin can reconnect it in Settings; nothing is lost meanwhile.`,
    });
  }
}
