import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique, UpdateDateColumn } from 'typeorm';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { Person } from '../people/person.entity.js';
import { Contact } from './contact.entity.js';

export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'closed' | 'spam' | 'bulk';

@Entity({ name: 'conversation' })
@Check('CHK_conversation_status', `"status" IN ('open', 'pending', 'snoozed', 'closed', 'spam', 'bulk')`)
@Unique('UQ_conversation_thread_token', ['threadToken'])
@Index('IDX_conversation_activity', ['lastMessageAt', 'id'])
@Index('IDX_conversation_mailbox_status_activity', ['mailboxId', 'status', 'lastMessageAt'])
@Index('IDX_conversation_contact', ['contactId'])
// On md5(base_subject): a subject can be longer than a btree entry. Written by hand in the migrations.
@Index('IDX_conversation_subject_match', { synchronize: false })
@Index('IDX_conversation_status_activity', ['status', 'lastMessageAt', 'id'])
@Index('IDX_conversation_assignee_activity', ['assigneeId', 'status', 'lastMessageAt', 'id'])
// Trigram and partial indexes are written by hand in the migrations.
@Index('IDX_conversation_subject_trgm', { synchronize: false })
@Index('IDX_conversation_snoozed', { synchronize: false })
export class Conversation {
  /** Also the human number shown as #123. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_conversation' })
  id: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ type: 'text' })
  subject: string;

  /** Subject without Re:/Fwd:/list tags, lower-case: what subject threading compares. */
  @Column({ name: 'base_subject', type: 'text' })
  baseSubject: string;

  @Column({ type: 'text', default: 'open' })
  status: ConversationStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => Mailbox, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_conversation_mailbox' })
  mailbox?: Relation<Mailbox>;

  @ManyToOne(() => Contact, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'FK_conversation_contact' })
  contact?: Relation<Contact>;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'FK_conversation_assignee' })
  assignee?: Relation<Person> | null;

  @Column({ name: 'snoozed_until', type: 'timestamptz', nullable: true })
  snoozedUntil: Date | null;

  /** Since when the customer has been waiting for an answer; null when we answered last. */
  @Column({ name: 'waiting_since', type: 'timestamptz', nullable: true })
  waitingSince: Date | null;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt: Date;

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount: number;

  /** Addresses (lower-case) that took part: senders and recipients, minus the mailbox itself. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  participants: string[];

  /** Random token carried in the Message-IDs we send, so answers thread back here. */
  @Column({ name: 'thread_token', type: 'text' })
  threadToken: string;

  /** Bumped on every new message or note: the stale-send check compares it. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  /** The customer's own first words of their newest message: an exact substring of that message's text. */
  @Column({ type: 'text', default: '' })
  preview: string;

  /** The preview was cut (at a word boundary); the web shows an ellipsis. */
  @Column({ name: 'preview_truncated', type: 'boolean', default: false })
  previewTruncated: boolean;

  /** The message the preview is taken from. */
  @Column({ name: 'preview_message_id', type: 'bigint', nullable: true })
  previewMessageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
