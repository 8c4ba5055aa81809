import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Person } from './person.entity.js';

/** A person's authenticator app: the RFC 6238 seed, sealed with the secret box (person id as associated data). */
@Entity({ name: 'totp_credential' })
export class TotpCredentialRow {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'PK_totp_credential' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_totp_credential_person' })
  person?: Relation<Person>;

  @Column({ name: 'secret_sealed', type: 'bytea' })
  secretSealed: Buffer;

  /** Null until the person typed a code from the app: an unconfirmed seed signs nobody in. */
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The 30-second step of the last code accepted: that step and earlier ones are refused (no replay). */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A passkey (WebAuthn credential): only its public key is stored. */
@Entity({ name: 'passkey_credential' })
@Unique('UQ_passkey_credential_credential_id', ['credentialId'])
export class PasskeyCredentialRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_passkey_credential' })
  id: string;

  @Index('IDX_passkey_credential_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_passkey_credential_person' })
  person?: Relation<Person>;

  /** base64url, as the browser names it. */
  @Column({ name: 'credential_id', type: 'text' })
  credentialId: string;

  @Column({ name: 'public_key', type: 'bytea' })
  publicKey: Buffer;

  @Column({ type: 'bigint', default: 0 })
  counter: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  transports: string[];

  @Column({ type: 'text' })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

/** A one-time recovery code: only an HMAC of it is stored; used_at makes it single-use. */
@Entity({ name: 'recovery_code' })
@Unique('UQ_recovery_code_person_hash', ['personId', 'codeHash'])
export class RecoveryCodeRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_recovery_code' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_recovery_code_person' })
  person?: Relation<Person>;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/**
 * Between a correct password and the second step: its own cookie (only the token's SHA-256 here),
 * a few minutes long. It is not a session: the auth guard never reads it, so it opens no API.
 */
@Entity({ name: 'pending_sign_in' })
@Unique('UQ_pending_sign_in_token_hash', ['tokenHash'])
export class PendingSignInRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_pending_sign_in' })
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_pending_sign_in_person' })
  person?: Relation<Person>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('IDX_pending_sign_in_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Wrong second-step answers; a few end the pending sign-in. */
  @Column({ type: 'integer', default: 0 })
  failures: number;

  /** The WebAuthn challenge of the passkey step, spent when used. */
  @Column({ type: 'text', nullable: true })
  challenge: string | null;

  @Column({ name: 'known_device', type: 'boolean', default: false })
  knownDevice: boolean;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;
}
