import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Message } from '../conversations/message.entity.js';

/**
 * The duty report's answered and closed: one row per reply of ours that answers a customer (it did
 * not fail to send, and the mail before it is the customer's: not our first mail of a conversation
 * we began, nor a follow-up with nothing new from them) and per closing, kept exact by the statement
 * triggers on "message" (migrations ReportHandled1796406454819, ReportAnswered1796417078820).
 * With the previous one of the same kind in the conversation, a conversation answered (or closed) on a
 * duty day is a single row: the day's first, whose previous one came before the day began. Never
 * written by the application.
 */
@Entity({ name: 'handled_event' })
@Index('IDX_handled_event_conversation', ['conversationId'])
// A partial covering index, written by hand in the migration.
@Index('IDX_handled_event_at', { synchronize: false })
export class HandledEvent {
  @PrimaryColumn({ name: 'message_id', type: 'bigint', primaryKeyConstraintName: 'PK_handled_event' })
  messageId: string;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** A reply of ours; otherwise the conversation was closed. */
  @Column({ type: 'boolean' })
  replied: boolean;

  /** The previous answering reply (or closing) in the conversation, in time then id order. */
  @Column({ name: 'previous_at', type: 'timestamptz', nullable: true })
  previousAt: Date | null;

  /** The conversation is spam or bulk now (kept by a trigger on "conversation"): the report leaves it out. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'FK_handled_event_message' })
  message?: Relation<Message>;
}
