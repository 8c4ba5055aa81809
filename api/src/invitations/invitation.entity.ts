import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Person } from '../people/person.entity.js';
import type { Access, SupportRole } from '../people/people.types.js';

/** An invitation to join: single use (accepted_at), revocable, expiring; the token is stored as SHA-256 only. */
@Entity({ name: 'invitation' })
@Unique('UQ_invitation_token_hash', ['tokenHash'])
@Check('CHK_invitation_access', `"access" IN ('admin', 'member')`)
@Check('CHK_invitation_support_role', `"support_role" IN ('founder', 'programmer', 'designer', 'support')`)
export class InvitationRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_invitation' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  access: Access;

  @Column({ name: 'support_role', type: 'text' })
  supportRole: SupportRole;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'FK_invitation_invited_by' })
  inviter?: Relation<Person>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_invitation_person' })
  person?: Relation<Person>;
}
