import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';
import { Conversation } from './conversation.entity.js';

/** What a person had seen of a conversation when they last opened it: customer mail after that is unread for them. */
@Entity({ name: 'conversation_read' })
@Index('IDX_conversation_read_conversation', ['conversationId'])
export class ConversationRead {
  @PrimaryColumn({ name: 'person_id', type: 'uuid', primaryKeyConstraintName: 'PK_conversation_read' })
  personId: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'bigint', primaryKeyConstraintName: 'PK_conversation_read' })
  conversationId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_conversation_read_person' })
  person?: Relation<Person>;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_conversation_read_conversation' })
  conversation?: Relation<Conversation>;

  /** The newest message of the conversation when the person opened it (message ids only grow). */
  @Column({ name: 'read_through_message_id', type: 'bigint' })
  readThroughMessageId: string;

  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' })
  readAt: Date;
}
