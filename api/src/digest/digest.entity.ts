import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Person } from '../people/person.entity.js';

// The digest tables as TypeORM sees them (the migration is the schema; the drift test compares).

/** Whether a person receives the digest; without a row, founders do and others do not. */
@Entity({ name: 'digest_subscription' })
@Unique('UQ_digest_subscription_token', ['unsubscribeToken'])
@Check('CHK_digest_subscription_frequency', `"frequency" IN ('weekly', 'daily')`)
export class DigestSubscriptionRow {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'PK_digest_subscription' })
  personId: string;

  @OneToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_digest_subscription_person' })
  person?: Relation<Person>;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'text', default: 'weekly' })
  frequency: string;

  @Column({ name: 'unsubscribe_token', type: 'text' })
  unsubscribeToken: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One digest per person and period: inserting the row is the claim to send it. */
@Entity({ name: 'digest' })
@Unique('UQ_digest_person_period', ['personId', 'periodEnd'])
@Check('CHK_digest_status', `"status" IN ('pending', 'sent', 'failed', 'skipped')`)
// Partial index on due retries, written in the migration.
@Index('IDX_digest_due', { synchronize: false })
export class DigestRowEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_digest' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_digest_person' })
  person?: Relation<Person>;

  @Column({ name: 'period_start', type: 'timestamptz' })
  periodStart: Date;

  @Column({ name: 'period_end', type: 'timestamptz' })
  periodEnd: Date;

  @Column({ type: 'text', default: 'pending' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'jsonb' })
  content: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
