import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';

/** A file put in the composer, waiting for its reply to be sent (then it becomes an attachment of our message). */
@Entity({ name: 'reply_upload' })
@Index('IDX_reply_upload_person', ['personId', 'createdAt'])
export class ReplyUpload {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_reply_upload' })
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_reply_upload_person' })
  person?: Relation<Person>;

  @Column({ type: 'text' })
  filename: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'bytea' })
  sha256: Buffer;

  @Column({ type: 'bytea', select: false })
  bytes: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
