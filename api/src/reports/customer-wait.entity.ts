import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Message } from '../conversations/message.entity.js';

/**
 * The duty report's summary: one row per customer mail, kept exact by statement triggers on
 * "message" (migration CustomerWait1796394862287). Instants only, so a rotation's zone, handoff
 * time and working days apply when the report reads it. Never written by the application.
 */
@Entity({ name: 'customer_wait' })
@Index('IDX_customer_wait_conversation', ['conversationId'])
// Partial covering and GiST expression indexes are written by hand in the migration.
@Index('IDX_customer_wait_received', { synchronize: false })
@Index('IDX_customer_wait_during', { synchronize: false })
export class CustomerWait {
  @PrimaryColumn({ name: 'message_id', type: 'bigint', primaryKeyConstraintName: 'PK_customer_wait' })
  messageId: string;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** Our next reply after this mail (one that did not fail to send). */
  @Column({ name: 'reply_at', type: 'timestamptz', nullable: true })
  replyAt: Date | null;

  /** The end of the customer's wait: our next reply, or the conversation closed or moved to spam or bulk. */
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  /** The latest customer mail before this one (in time, then id order). */
  @Column({ name: 'earlier_in_at', type: 'timestamptz', nullable: true })
  earlierInAt: Date | null;

  /** This is the conversation's first mail (the lowest id): a conversation the customer started. */
  @Column({ name: 'starts_conversation', type: 'boolean' })
  startsConversation: boolean;

  /** The conversation is spam or bulk now (kept by a trigger on "conversation"): the report leaves it out. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'FK_customer_wait_message' })
  message?: Relation<Message>;
}
