import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Mailbox } from './mailbox.entity.js';

/** Which API process holds a mailbox's one IMAP IDLE connection, until when (see MailboxIdleLeaseRepository). */
@Entity({ name: 'mailbox_idle_lease' })
export class MailboxIdleLease {
  @PrimaryColumn({ name: 'mailbox_id', type: 'uuid', primaryKeyConstraintName: 'PK_mailbox_idle_lease' })
  mailboxId: string;

  @ManyToOne(() => Mailbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_mailbox_idle_lease_mailbox' })
  mailbox?: Relation<Mailbox>;

  /** The holding process: host/pid/random, readable when an operator asks who watches a mailbox. */
  @Column({ type: 'text' })
  holder: string;

  @Column({ name: 'acquired_at', type: 'timestamptz', default: () => 'now()' })
  acquiredAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
