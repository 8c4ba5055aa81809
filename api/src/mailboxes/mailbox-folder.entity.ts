import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Mailbox } from './mailbox.entity.js';

/** The sync cursor of one IMAP folder: everything up to lastUid under uidValidity is stored. */
@Entity({ name: 'mailbox_folder' })
@Unique('UQ_mailbox_folder_path', ['mailboxId', 'path'])
export class MailboxFolder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_mailbox_folder' })
  id: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @ManyToOne(() => Mailbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailbox_id', foreignKeyConstraintName: 'FK_mailbox_folder_mailbox' })
  mailbox?: Relation<Mailbox>;

  @Column({ type: 'text' })
  path: string;

  /** Null until the first sync; a change means the server renumbered the folder. */
  @Column({ name: 'uid_validity', type: 'bigint', nullable: true })
  uidValidity: string | null;

  @Column({ name: 'last_uid', type: 'bigint', default: 0 })
  lastUid: string;
}
