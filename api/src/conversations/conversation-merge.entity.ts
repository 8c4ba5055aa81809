import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';
import { Conversation } from './conversation.entity.js';

/** A merge: what undo needs, and the absorbed conversation's thread token (replies carrying it still thread). */
@Entity({ name: 'conversation_merge' })
@Index('IDX_conversation_merge_token', ['absorbedThreadToken'])
@Index('IDX_conversation_merge_into', ['intoId'])
export class ConversationMerge {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_conversation_merge' })
  id: string;

  @Column({ name: 'into_id', type: 'bigint' })
  intoId: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'into_id', foreignKeyConstraintName: 'FK_conversation_merge_into' })
  into?: Relation<Conversation>;

  @Column({ name: 'absorbed_id', type: 'bigint' })
  absorbedId: string;

  @Column({ name: 'absorbed_thread_token', type: 'text' })
  absorbedThreadToken: string;

  /** The absorbed conversation's row as it was. */
  @Column({ type: 'jsonb' })
  absorbed: Record<string, unknown>;

  /** The absorbing conversation's row before the merge. */
  @Column({ name: 'into_before', type: 'jsonb' })
  intoBefore: Record<string, unknown>;

  /** Its version right after the merge: undo only while nothing changed since. */
  @Column({ name: 'into_version', type: 'integer' })
  intoVersion: number;

  @Column({ name: 'message_ids', type: 'bigint', array: true })
  messageIds: string[];

  /** Everything else the merge moved or the absorbed conversation lost, so undo puts exactly that back (MergeMoved). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  moved: Record<string, unknown>;

  @Column({ name: 'merged_by', type: 'uuid', nullable: true })
  mergedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_by', foreignKeyConstraintName: 'FK_conversation_merge_merged_by' })
  mergedByPerson?: Relation<Person>;

  @Column({ name: 'merged_at', type: 'timestamptz', default: () => 'now()' })
  mergedAt: Date;

  @Column({ name: 'undone_at', type: 'timestamptz', nullable: true })
  undoneAt: Date | null;
}
