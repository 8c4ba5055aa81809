import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Person } from './person.entity.js';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here. */
@Entity({ name: 'session' })
@Unique('UQ_session_token_hash', ['tokenHash'])
export class Session {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_session' })
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Index('IDX_session_person_id')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_session_person' })
  person?: Relation<Person>;

  /** Sent back by the web app in X-CSRF-Token on every state-changing request. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Index('IDX_session_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  /** Signed in while the admins require a second factor and this person has none: only enrolling one is open. */
  @Column({ name: 'must_enrol_second_factor', type: 'boolean', default: false })
  mustEnrolSecondFactor: boolean;
}
