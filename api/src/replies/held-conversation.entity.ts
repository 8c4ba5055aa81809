import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Mailbox } from '../mailboxes/mailbox.entity.js';
import { Person } from '../people/person.entity.js';

/**
 * A new conversation waiting out its author's undo time: everything it will store and send, ready
 * (`draft`), and its number already taken from the conversation sequence (`id`). Released into a
 * conversation with its queued email at `sendAfter`, or taken back by its author before then.
 */
@Entity({ name: 'held_conversation' })
@Index('IDX_held_conversation_send_after', ['sendAfter'])
export class HeldConversation {
  /** The number the conversation will have. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_held_conversation' })
  id: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_held_conversation_author' })
  author?: Relation<Person>;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @ManyToOne(() => Mailbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_held_conversation_mailbox' })
  mailbox?: Relation<Mailbox>;

  @Column({ name: 'send_after', type: 'timestamptz' })
  sendAfter: Date;

  /** The person's uploads it carries (kept from removal while held). */
  @Column({ name: 'upload_ids', type: 'uuid', array: true, default: () => `'{}'` })
  uploadIds: string[];

  @Column({ type: 'jsonb' })
  draft: object;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
