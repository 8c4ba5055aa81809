import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { Person } from '../people/person.entity.js';

/** An "Everyone on Support" rotation; the duty calendar is computed from it by rotation/, never stored. */
@Entity({ name: 'rotation' })
@Check('CHK_rotation_days_per_turn', `"days_per_turn" BETWEEN 1 AND 14`)
export class RotationRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_rotation' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays: number[];

  /** Dates (YYYY-MM-DD) with nobody on duty. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  holidays: string[];

  /** "HH:MM" in the rotation's time zone. */
  @Column({ name: 'handoff_time', type: 'text' })
  handoffTime: string;

  @Column({ name: 'days_per_turn', type: 'integer', default: 1 })
  daysPerTurn: number;

  /** The first day turns are counted from (YYYY-MM-DD). */
  @Column({ name: 'start_date', type: 'text' })
  startDate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** The settings an edit replaced, kept for the days before `untilDate` (exclusive), so those days stay as planned. */
@Entity({ name: 'rotation_earlier_settings' })
@Unique('UQ_rotation_earlier_settings_until', ['rotationId', 'untilDate'])
export class RotationEarlierSettingsRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_rotation_earlier_settings' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_rotation_earlier_settings_rotation' })
  rotation?: Relation<RotationRow>;

  @Column({ name: 'until_date', type: 'text' })
  untilDate: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'working_days', type: 'smallint', array: true })
  workingDays: number[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  holidays: string[];

  @Column({ name: 'handoff_time', type: 'text' })
  handoffTime: string;

  @Column({ name: 'days_per_turn', type: 'integer' })
  daysPerTurn: number;

  /** In rotation order. */
  @Column({ type: 'jsonb' })
  members: { personId: string; role: 'primary' | 'buddy' | 'shadow'; weight: number }[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'rotation_member' })
@Unique('UQ_rotation_member_person', ['rotationId', 'personId'])
@Check('CHK_rotation_member_role', `"role" IN ('primary', 'buddy', 'shadow')`)
@Check('CHK_rotation_member_weight', `"weight" > 0 AND "weight" <= 10`)
export class RotationMemberRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_rotation_member' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_rotation_member_rotation' })
  rotation?: Relation<RotationRow>;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_rotation_member_person' })
  person?: Relation<Person>;

  /** Order in the rotation (0 first). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  role: 'primary' | 'buddy' | 'shadow';

  @Column({ type: 'double precision', default: 1 })
  weight: number;
}

/**
 * An override, swap or absence. Changes are never edited or deleted: a mistake is revoked, and the
 * revocation is recorded beside who made the change, when and why.
 */
@Entity({ name: 'duty_change' })
@Check('CHK_duty_change_kind', `"kind" IN ('override', 'swap', 'absence')`)
export class DutyChangeRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_duty_change' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_duty_change_rotation' })
  rotation?: Relation<RotationRow>;

  @Column({ type: 'text' })
  kind: 'override' | 'swap' | 'absence';

  /** For overrides and swaps. */
  @Column({ type: 'text', nullable: true })
  role: 'primary' | 'buddy' | 'shadow' | null;

  /** Override: who takes the days; swap: person A; absence: who is away. */
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'date_from', type: 'text' })
  dateFrom: string;

  @Column({ name: 'date_to', type: 'text' })
  dateTo: string;

  /** Swap: person B and the day they give. */
  @Column({ name: 'other_person_id', type: 'uuid', nullable: true })
  otherPersonId: string | null;

  @Column({ name: 'other_date', type: 'text', nullable: true })
  otherDate: string | null;

  /** Absence: the teammate who takes the absent person's turns. */
  @Column({ name: 'redirect_to', type: 'uuid', nullable: true })
  redirectTo: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;
}

/** Which mailboxes a rotation answers: a mailbox belongs to at most one rotation. */
@Entity({ name: 'rotation_mailbox' })
export class RotationMailboxRow {
  @PrimaryColumn({ name: 'mailbox_id', type: 'uuid', primaryKeyConstraintName: 'PK_rotation_mailbox' })
  mailboxId: string;

  @ManyToOne(() => Mailbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_rotation_mailbox_mailbox' })
  mailbox?: Relation<Mailbox>;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_rotation_mailbox_rotation' })
  rotation?: Relation<RotationRow>;

  /** Since when this rotation answers the mailbox: handoffs route only conversations begun since. */
  @Column({ name: 'routed_since', type: 'timestamptz', default: () => 'now()' })
  routedSince: Date;
}

/** One handoff per rotation and duty day, claimed by inserting this row: it runs exactly once. */
@Entity({ name: 'duty_handoff' })
@Unique('UQ_duty_handoff_day', ['rotationId', 'dutyDate'])
export class DutyHandoffRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_duty_handoff' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_duty_handoff_rotation' })
  rotation?: Relation<RotationRow>;

  @Column({ name: 'duty_date', type: 'text' })
  dutyDate: string;

  /** The primary who took over; null when nobody was on duty. */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @Column({ name: 'assigned_count', type: 'integer', default: 0 })
  assignedCount: number;

  @CreateDateColumn({ name: 'performed_at', type: 'timestamptz' })
  performedAt: Date;
}

/** "Can someone take my day?": open until a teammate takes it (giving one of their days back) or it is cancelled. */
@Entity({ name: 'swap_request' })
@Check('CHK_swap_request_status', `"status" IN ('open', 'taken', 'cancelled')`)
export class SwapRequestRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_swap_request' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_swap_request_rotation' })
  rotation?: Relation<RotationRow>;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  @Column({ type: 'text' })
  role: 'primary' | 'buddy' | 'shadow';

  /** The day the requester wants to give away. */
  @Column({ type: 'text' })
  date: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'taken' | 'cancelled';

  @Column({ name: 'taken_by', type: 'uuid', nullable: true })
  takenBy: string | null;

  /** The day the taker gives in exchange. */
  @Column({ name: 'taken_date', type: 'text', nullable: true })
  takenDate: string | null;

  /** The swap recorded when it was taken. */
  @Column({ name: 'duty_change_id', type: 'uuid', nullable: true })
  dutyChangeId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}

/** What the outgoing person wants the incoming one to know; shown first thing to the person on duty. */
@Entity({ name: 'handoff_note' })
export class HandoffNoteRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_handoff_note' })
  id: string;

  @Column({ name: 'rotation_id', type: 'uuid' })
  rotationId: string;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_handoff_note_rotation' })
  rotation?: Relation<RotationRow>;

  /** The duty day the note was written on (the outgoing day). */
  @Column({ name: 'duty_date', type: 'text' })
  dutyDate: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  /** The teammate the note is for (notified), or null for the whole rotation. */
  @Column({ name: 'addressee_id', type: 'uuid', nullable: true })
  addresseeId: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'addressee_id', foreignKeyConstraintName: 'FK_handoff_note_addressee' })
  addressee?: Relation<Person>;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A calendar subscription URL (iCal) for a rotation or a person; the URL's token is stored hashed and can be revoked. */
@Entity({ name: 'calendar_feed' })
@Unique('UQ_calendar_feed_token', ['tokenHash'])
@Check('CHK_calendar_feed_subject', `("rotation_id" IS NULL) <> ("person_id" IS NULL)`)
export class CalendarFeedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_calendar_feed' })
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'rotation_id', type: 'uuid', nullable: true })
  rotationId: string | null;

  @ManyToOne(() => RotationRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rotation_id', foreignKeyConstraintName: 'FK_calendar_feed_rotation' })
  rotation?: Relation<RotationRow> | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_calendar_feed_person' })
  person?: Relation<Person> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** An in-app notice for one person (and the email that goes with it); the dedupe key makes each one exactly once. */
@Entity({ name: 'notice' })
@Unique('UQ_notice_dedupe', ['dedupeKey'])
@Check('CHK_notice_email_status', `"email_status" IN ('pending', 'sent', 'skipped', 'failed')`)
@Index('IDX_notice_email_due', { synchronize: false })
export class NoticeRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_notice' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_notice_person' })
  person?: Relation<Person>;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'email_status', type: 'text', default: 'pending' })
  emailStatus: 'pending' | 'sent' | 'skipped' | 'failed';

  @Column({ name: 'email_error', type: 'text', nullable: true })
  emailError: string | null;

  @Column({ name: 'email_attempts', type: 'integer', default: 0 })
  emailAttempts: number;

  /** When a pending email is (next) tried; a claim pushes it out by a lease. */
  @Column({ name: 'email_next_at', type: 'timestamptz', nullable: true })
  emailNextAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
