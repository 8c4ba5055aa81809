import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Person } from '../people/person.entity.js';
import type { NotificationKind } from './notifications.types.js';

/** One notification for one person; (person, event key) is unique, so an event notifies each person once. */
@Entity({ name: 'notification' })
@Unique('UQ_notification_event', ['personId', 'eventKey'])
@Check('CHK_notification_kind', `"kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed', 'handoff_note')`)
@Index('IDX_notification_person_created', { synchronize: false })
@Index('IDX_notification_unread', { synchronize: false })
@Index('IDX_notification_push_pending', { synchronize: false })
@Index('IDX_notification_email_pending', { synchronize: false })
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

  /** Whether the centre shows it (a row can exist for email or push alone). */
  @Column({ name: 'in_app', type: 'boolean', default: true })
  inApp: boolean;

  /** Waiting for the delivery worker to push it to the person's subscribed devices. */
  @Column({ name: 'push_pending', type: 'boolean', default: false })
  pushPending: boolean;

  /** Waiting for the person's next notification email (at most one per 5 minutes). */
  @Column({ name: 'email_pending', type: 'boolean', default: false })
  emailPending: boolean;

  @Column({ name: 'emailed_at', type: 'timestamptz', nullable: true })
  emailedAt: Date | null;
}

/** Someone's choice for one kind of notification; no row means the default (on). */
@Entity({ name: 'notification_preference' })
@Check('CHK_notification_preference_kind', `"kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed', 'handoff_note')`)
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

  /** Desktop notifications and Web Push. */
  @Column({ type: 'boolean', default: true })
  push: boolean;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  /** For new-mail kinds: only while the person is on duty (not as a conversation's assignee off duty). */
  @Column({ name: 'only_on_duty', type: 'boolean', default: false })
  onlyOnDuty: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One browser of one person subscribed to Web Push (the endpoint is the push service's address for it). */
@Entity({ name: 'push_subscription' })
@Unique('UQ_push_subscription_endpoint', ['endpoint'])
export class PushSubscriptionRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_push_subscription' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_push_subscription_person' })
  person?: Relation<Person>;

  @Column({ type: 'text' })
  endpoint: string;

  /** The browser's P-256 public key and auth secret (base64url), for RFC 8291 payload encryption. */
  @Column({ type: 'text' })
  p256dh: string;

  @Column({ type: 'text' })
  auth: string;

  @Column({ name: 'user_agent', type: 'text', default: '' })
  userAgent: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;
}

/** When a person was last sent a notification email; the batch claim locks this row. */
@Entity({ name: 'notification_email_state' })
export class NotificationEmailStateRow {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'PK_notification_email_state' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_notification_email_state_person' })
  person?: Relation<Person>;

  @Column({ name: 'last_sent_at', type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;
}
