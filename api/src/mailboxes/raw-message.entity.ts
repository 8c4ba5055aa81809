import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type RawMessageState = 'pending' | 'processed' | 'duplicate' | 'quarantined';

/**
 * A message exactly as the IMAP server gave it, kept forever. Stored with the advanced cursor in
 * one transaction; processing happens afterwards and is idempotent.
 */
@Entity({ name: 'raw_message' })
@Unique('UQ_raw_message_source', ['mailboxId', 'folderPath', 'uidValidity', 'uid'])
@Check('CHK_raw_message_state', `"state" IN ('pending', 'processed', 'duplicate', 'quarantined')`)
@Index('IDX_raw_message_state', ['state', 'id'])
export class RawMessage {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_raw_message' })
  id: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  @Column({ name: 'folder_path', type: 'text' })
  folderPath: string;

  @Column({ name: 'uid_validity', type: 'bigint' })
  uidValidity: string;

  @Column({ type: 'bigint' })
  uid: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @Column({ type: 'bytea' })
  sha256: Buffer;

  @Column({ type: 'integer' })
  size: number;

  @Column({ name: 'internal_date', type: 'timestamptz', nullable: true })
  internalDate: Date | null;

  @Column({ name: 'fetched_at', type: 'timestamptz', default: () => 'now()' })
  fetchedAt: Date;

  @Column({ type: 'text', default: 'pending' })
  state: RawMessageState;

  /** Why it was quarantined, or which message it duplicates. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
