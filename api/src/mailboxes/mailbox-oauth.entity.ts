import { Check, Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, ManyToOne, type Relation } from 'typeorm';
import { Session } from '../people/session.entity.js';
import { Mailbox } from './mailbox.entity.js';

export type OAuthProvider = 'google' | 'microsoft' | 'oauth_custom';

/** The app registration an admin made at a provider; the secret sealed with the provider as associated data. */
@Entity({ name: 'oauth_client' })
@Check('CHK_oauth_client_provider', `"provider" IN ('google', 'microsoft', 'oauth_custom')`)
export class OAuthClientRow {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_oauth_client' })
  provider: OAuthProvider;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @Column({ name: 'client_secret_enc', type: 'bytea', nullable: true })
  clientSecretEnc: Buffer | null;

  /** Only for the custom provider; Google and Microsoft use their presets. */
  @Column({ name: 'authorization_url', type: 'text', nullable: true })
  authorizationUrl: string | null;

  @Column({ name: 'token_url', type: 'text', nullable: true })
  tokenUrl: string | null;

  @Column({ name: 'userinfo_url', type: 'text', nullable: true })
  userinfoUrl: string | null;

  @Column({ type: 'text', nullable: true })
  scopes: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A mailbox's OAuth tokens, sealed with the mailbox id as associated data; never returned by the API. */
@Entity({ name: 'mailbox_oauth' })
export class MailboxOAuthRow {
  @PrimaryColumn({ name: 'mailbox_id', type: 'uuid', primaryKeyConstraintName: 'PK_mailbox_oauth' })
  mailboxId: string;

  @OneToOne(() => Mailbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_mailbox_oauth_mailbox' })
  mailbox?: Relation<Mailbox>;

  @Column({ type: 'text' })
  provider: OAuthProvider;

  @Column({ name: 'refresh_token_enc', type: 'bytea', nullable: true })
  refreshTokenEnc: Buffer | null;

  @Column({ name: 'access_token_enc', type: 'bytea', nullable: true })
  accessTokenEnc: Buffer | null;

  @Column({ name: 'access_expires_at', type: 'timestamptz', nullable: true })
  accessExpiresAt: Date | null;

  @Column({ name: 'refresh_count', type: 'integer', default: 0 })
  refreshCount: number;

  /** When the provider refused the refresh token (revoked consent): nothing retries until a reconnect. */
  @Column({ name: 'refused_at', type: 'timestamptz', nullable: true })
  refusedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One pending browser sign-in: single use, bound to the admin's session, expires after 10 minutes. */
@Entity({ name: 'oauth_state' })
export class OAuthStateRow {
  /** SHA-256 of the state sent to the provider. */
  @PrimaryColumn({ name: 'state_hash', type: 'bytea', primaryKeyConstraintName: 'PK_oauth_state' })
  stateHash: Buffer;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_oauth_state_session' })
  session?: Relation<Session>;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'text' })
  provider: OAuthProvider;

  @Column({ name: 'code_verifier_enc', type: 'bytea' })
  codeVerifierEnc: Buffer;

  /** Set when reconnecting an existing mailbox. */
  @Column({ name: 'mailbox_id', type: 'uuid', nullable: true })
  mailboxId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  draft: Record<string, unknown>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
