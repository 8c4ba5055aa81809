import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Person } from './person.entity.js';

/** A single-use password reset: only the SHA-256 of the token in the link is stored. */
@Entity({ name: 'password_reset' })
@Unique('UQ_password_reset_token_hash', ['tokenHash'])
export class PasswordResetRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_password_reset' })
  id: string;

  @Index('IDX_password_reset_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_password_reset_person' })
  person?: Relation<Person>;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  /** The admin who made the link; null when the person asked by email. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_password_reset_created_by' })
  creator?: Relation<Person>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
