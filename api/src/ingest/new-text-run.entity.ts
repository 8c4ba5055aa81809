import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';

export type NewTextRunStatus = 'running' | 'done' | 'failed';

/** One re-computation of the stored messages' new-text spans, with its progress (a cursor over message ids). */
@Entity({ name: 'new_text_run' })
@Check('CHK_new_text_run_status', `"status" IN ('running', 'done', 'failed')`)
// At most one running run: a partial unique index written in the migration.
@Index('UQ_new_text_run_running', { synchronize: false })
export class NewTextRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_new_text_run' })
  id: string;

  @Column({ type: 'text', default: 'running' })
  status: NewTextRunStatus;

  @Column({ name: 'started_by', type: 'uuid', nullable: true })
  startedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'started_by', foreignKeyConstraintName: 'FK_new_text_run_started_by' })
  starter?: Relation<Person> | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', default: () => 'now()' })
  heartbeatAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The highest message id processed so far. */
  @Column({ type: 'bigint', default: 0 })
  cursor: string;

  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  processed: number;

  @Column({ type: 'integer', default: 0 })
  changed: number;

  @Column({ name: 'quotes_flagged', type: 'integer', default: 0 })
  quotesFlagged: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
