import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Person } from '../people/person.entity.js';
import type { NotificationKind } from './notifications.types.js';

/** One notification for one person; (person, event key) is unique, so an event notifies each person once. */
@Entity({ name: 'notification' })
@Unique('UQ_notification_event', ['personId', 'eventKey'])
@Check('CHK_notification_kind', `"kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed')`)
@Index('IDX_notification_person_created', { synchronize: false })
@Index('IDX_notification_unread', { synchronize: false })
export class NotificationRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_notification' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_notification_person' })
  person?: Relation<Person>;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ name: 'event_key', type: 'text' })
  eventKey: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'FK_notification_actor' })
  actor?: Relation<Person>;

  @Column({ name: 'conversation_id', type: 'bigint', nullable: true })
  conversationId: string | null;

  // Named, not imported: notifications sit below conversations in the layers (conversations record them).
  @ManyToOne('Conversation', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_notification_conversation' })
  conversation?: unknown;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  body: string;

  @Column({ type: 'text' })
  url: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

/** Someone's choice for one kind of notification; no row means the default (on). */
@Entity({ name: 'notification_preference' })
@Check('CHK_notification_preference_kind', `"kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed')`)
export class NotificationPreferenceRow {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'PK_notification_preference' })
  personId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_notification_preference' })
  kind: NotificationKind;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_notification_preference_person' })
  person?: Relation<Person>;

  @Column({ name: 'in_app', type: 'boolean', default: true })
  inApp: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
