import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Authenticated } from '../people/session.service.js';
import type { Mailbox } from './mailbox.entity.js';
import type { OAuthProvider } from './mailbox-oauth.entity.js';
import { MailboxOAuthRepository } from './mailbox-oauth.repository.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxChanges } from './mailbox-changes.js';
import type { oauthStartRequestSchema } from './oauth.contract.js';
import type { OAuthStartDto } from './oauth.types.js';
import { OAuthClientsService, type ResolvedOAuthClient } from './oauth-clients.service.js';
import { addressFromClaims, authorizationRequestUrl, jwtPayload } from './oauth-providers.js';
import { OAuthGrantRefused, OAuthTokenClient, type TokenSet } from './oauth-token.client.js';
import { SecretBox } from '../common/secret-box.js';

type StartInput = z.output<typeof oauthStartRequestSchema>;

/** What the admin chose before leaving for the provider, kept with the state. */
interface Draft {
  name?: string;
  address?: string;
  imap?: { host: string; port: number; tls: boolean };
  smtp?: { host: string; port: number; tls: boolean };
  folders?: string[];
}

export const STATE_TTL_MS = 10 * 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

class CallbackRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * The browser sign-in (authorization code + PKCE S256): start stores a single-use state bound to the
 * admin's session; the callback takes it, exchanges the code and connects (or reconnects) the mailbox.
 */
@Injectable()
export class OAuthConnectService {
  private readonly logger = new Logger(OAuthConnectService.name);

  constructor(
    private readonly clients: OAuthClientsService,
    private readonly tokenClient: OAuthTokenClient,
    private readonly repository: MailboxOAuthRepository,
    private readonly mailboxes: MailboxRepository,
    private readonly transactions: TransactionRunner,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changes: MailboxChanges,
  ) {}

  async start(input: StartInput, auth: Authenticated): Promise<OAuthStartDto> {
    const redirectUrl = this.clients.redirectUrl();
    if (!redirectUrl) throw new AppError('conflict', 'Set PUBLIC_URL (the address people use to reach Wholegrain) first: the provider sends the browser back there.');
    const client = await this.clients.resolve(input.provider);
    let mailbox: Mailbox | null = null;
    if (input.mailboxId) {
      mailbox = await this.mailboxes.findById(input.mailboxId);
      if (!mailbox) throw new AppError('not_found', 'No such mailbox.');
    } else if (!client.preset && (!input.imap || !input.smtp)) {
      throw new AppError('validation_failed', 'A custom OAuth 2.0 mailbox needs its IMAP and SMTP servers.', { imap: ['Required'], smtp: ['Required'] });
    }
    const state = randomBytes(32).toString('base64url');
    const codeVerifier = randomBytes(48).toString('base64url');
    const stateHash = sha256(state);
    const draft: Draft = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.address ? { address: input.address } : {}),
      ...(input.imap ? { imap: input.imap } : {}),
      ...(input.smtp ? { smtp: input.smtp } : {}),
      ...(input.folders ? { folders: input.folders } : {}),
    };
    await this.repository.insertState(
      {
        stateHash,
        sessionId: auth.session.id,
        personId: auth.person.id,
        provider: input.provider,
        codeVerifierEnc: this.secrets.seal(codeVerifier, stateHash.toString('hex')),
        mailboxId: mailbox?.id ?? null,
        draft: draft as Record<string, unknown>,
        expiresAt: new Date(this.clock.now().getTime() + STATE_TTL_MS),
      },
      this.clock.now(),
    );
    const loginHint = mailbox?.address ?? input.address;
    return {
      authorizationUrl: authorizationRequestUrl({
        authorizationUrl: client.authorizationUrl,
        clientId: client.clientId,
        redirectUrl,
        scopes: client.scopes,
        state,
        codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
        params: client.authorizationParams,
        ...(loginHint ? { loginHint } : {}),
      }),
    };
  }

  /** Handles the provider's redirect; returns where to send the browser (Settings, with the outcome). */
  async callback(query: Record<string, unknown>, auth: Authenticated, ip: string | null): Promise<string> {
    try {
      const mailboxId = await this.complete(query, auth, ip);
      return `/settings?oauth=connected&mailbox=${encodeURIComponent(mailboxId)}`;
    } catch (error) {
      if (error instanceof CallbackRefusal) return `/settings?oauth_error=${error.code}`;
      throw error;
    }
  }

  private async complete(query: Record<string, unknown>, auth: Authenticated, ip: string | null): Promise<string> {
    const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : '');
    const state = text('state');
    // Taken before anything else, so it is used once whatever the outcome.
    const pending = state ? await this.repository.takeState(sha256(state), auth.session.id, this.clock.now()) : null;
    if (!pending || pending.personId !== auth.person.id) {
      this.logger.warn(`OAuth callback refused: unknown, used, expired or foreign state (person ${auth.person.id})`);
      throw new CallbackRefusal('state_invalid');
    }
    if (text('error')) {
      this.logger.warn(`OAuth provider returned ${text('error')}: ${text('error_description')}`);
      throw new CallbackRefusal(text('error') === 'redirect_uri_mismatch' || text('error_description').includes('AADSTS50011') ? 'redirect_mismatch' : 'denied');
    }
    if (!text('code')) throw new CallbackRefusal('denied');
    const client = await this.clients.resolve(pending.provider);
    const codeVerifier = this.secrets.open(pending.codeVerifierEnc, pending.stateHash.toString('hex'));
    let tokens: TokenSet;
    try {
      tokens = await this.tokenClient.exchangeCode(client, { code: text('code'), codeVerifier, redirectUrl: this.clients.redirectUrl()! });
    } catch (error) {
      throw new CallbackRefusal(error instanceof OAuthGrantRefused ? (error.error === 'redirect_uri_mismatch' ? 'redirect_mismatch' : 'exchange_failed') : 'provider_unreachable');
    }
    if (!tokens.refreshToken) throw new CallbackRefusal('no_refresh_token');
    const draft = pending.draft as Draft;
    const signedInAs = await this.signedInAddress(client, tokens);
    if (pending.mailboxId) {
      const mailbox = await this.mailboxes.findById(pending.mailboxId);
      if (!mailbox) throw new CallbackRefusal('state_invalid');
      if (signedInAs && signedInAs !== mailbox.imapUser.toLowerCase() && signedInAs !== mailbox.address.toLowerCase()) throw new CallbackRefusal('wrong_account');
      await this.reconnect(mailbox, pending.provider, tokens, signedInAs, auth, ip);
      return mailbox.id;
    }
    if (signedInAs && draft.address && signedInAs !== draft.address) throw new CallbackRefusal('wrong_account');
    const address = signedInAs ?? draft.address;
    if (!address) throw new CallbackRefusal('no_address');
    return this.create(client, pending.provider, draft, address, tokens, auth, ip);
  }

  private async signedInAddress(client: ResolvedOAuthClient, tokens: TokenSet): Promise<string | null> {
    if (client.userinfoUrl) {
      try {
        const claims = addressFromClaims(await this.tokenClient.userinfo(client.userinfoUrl, tokens.accessToken));
        if (claims) return claims;
      } catch (error) {
        this.logger.warn(`Userinfo failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return tokens.idToken ? addressFromClaims(jwtPayload(tokens.idToken)) : null;
  }

  private sealedTokens(mailboxId: string, tokens: TokenSet) {
    return {
      refreshTokenEnc: this.secrets.seal(tokens.refreshToken!, mailboxId),
      accessTokenEnc: this.secrets.seal(tokens.accessToken, mailboxId),
      accessExpiresAt: new Date(this.clock.now().getTime() + tokens.expiresInSeconds * 1000),
    };
  }

  private async create(client: ResolvedOAuthClient, provider: OAuthProvider, draft: Draft, address: string, tokens: TokenSet, auth: Authenticated, ip: string | null): Promise<string> {
    const id = randomUUID();
    const imap = client.preset?.imap ?? draft.imap!;
    const smtp = client.preset?.smtp ?? draft.smtp!;
    await this.transactions.run(async (tx) => {
      await this.mailboxes.insert(
        {
          id,
          authKind: provider,
          afterReply: 'pending',
          fromName: 'both',
          name: draft.name ?? address,
          address,
          imapHost: imap.host,
          imapPort: imap.port,
          imapTls: imap.tls,
          imapUser: address,
          // No passwords: the tokens in mailbox_oauth sign in.
          imapPasswordEnc: this.secrets.seal('', id),
          smtpHost: smtp.host,
          smtpPort: smtp.port,
          smtpTls: smtp.tls,
          smtpUser: address,
          smtpPasswordEnc: this.secrets.seal('', id),
          allowSelfSigned: false,
          folders: draft.folders ?? ['INBOX'],
          pollIntervalSeconds: 60,
        },
        tx,
      );
      await this.repository.connect(id, provider, this.sealedTokens(id, tokens), this.clock.now(), tx);
      await this.audit.record(
        { actorId: auth.person.id, action: 'mailbox.oauth_connected', targetType: 'mailbox', targetId: id, ip, details: { provider, address, imapHost: imap.host, smtpHost: smtp.host } },
        tx,
      );
    });
    this.changes.announce();
    return id;
  }

  private async reconnect(mailbox: Mailbox, provider: OAuthProvider, tokens: TokenSet, signedInAs: string | null, auth: Authenticated, ip: string | null): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (mailbox.authKind !== provider) {
        // A password mailbox moving to OAuth (e.g. after Microsoft switched basic auth off).
        mailbox.authKind = provider;
        if (signedInAs) {
          mailbox.imapUser = signedInAs;
          mailbox.smtpUser = signedInAs;
        }
        await this.mailboxes.save(mailbox, tx);
      }
      await this.repository.connect(mailbox.id, provider, this.sealedTokens(mailbox.id, tokens), this.clock.now(), tx);
      // The folder cursors are untouched: the next run resumes where the last one stopped.
      await this.repository.resumeSync(mailbox.id, this.clock.now(), tx);
      await this.audit.record({ actorId: auth.person.id, action: 'mailbox.oauth_reconnected', targetType: 'mailbox', targetId: mailbox.id, ip, details: { provider } }, tx);
    });
    this.changes.announce();
  }

  async disconnect(mailboxId: string, auth: Authenticated, ip: string | null): Promise<void> {
    const mailbox = isUuid(mailboxId) ? await this.mailboxes.findById(mailboxId) : null;
    if (!mailbox) throw new AppError('not_found', 'No such mailbox.');
    if (mailbox.authKind === 'password') throw new AppError('conflict', 'This mailbox signs in with a password, not OAuth.');
    await this.transactions.run(async (tx) => {
      await this.repository.forget(mailbox.id, this.clock.now(), tx);
      await this.repository.requireReauth(mailbox.id, 'Disconnected by an admin: reconnect to read and answer mail again.', this.clock.now(), tx);
      await this.audit.record({ actorId: auth.person.id, action: 'mailbox.oauth_disconnected', targetType: 'mailbox', targetId: mailbox.id, ip, details: { provider: mailbox.authKind } }, tx);
    });
    this.changes.announce();
  }
}
