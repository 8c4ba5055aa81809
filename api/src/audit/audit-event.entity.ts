import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of security-relevant actions: who did what, when, from where. */
@Entity({ name: 'audit_event' })
@Index('IDX_audit_event_action_target', ['action', 'targetId', 'occurredAt'])
@Index('IDX_audit_event_action_ip', ['action', 'ip', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_audit_event' })
  id: string;

  @Index('IDX_audit_event_occurred_at')
  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** The person who acted; null for anonymous actions such as a failed sign-in. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;
}
