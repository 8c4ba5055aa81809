import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Message } from './message.entity.js';

@Entity({ name: 'attachment' })
@Index('IDX_attachment_message', ['messageId'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_attachment' })
  id: string;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'FK_attachment_message' })
  message?: Relation<Message>;

  @Column({ type: 'text', nullable: true })
  filename: string | null;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'bytea' })
  sha256: Buffer;

  /** For inline images referenced as cid: in the HTML. */
  @Column({ name: 'content_id', type: 'text', nullable: true })
  contentId: string | null;

  @Column({ type: 'text' })
  disposition: 'attachment' | 'inline';

  @Column({ type: 'bytea', select: false })
  bytes: Buffer;

  /** Insertion order, the order of a message's files (MIME order, or the order they were attached). */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'ALWAYS', select: false, insert: false, update: false })
  seq: string;
}
