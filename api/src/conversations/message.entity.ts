import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RawMessage } from '../mailboxes/raw-message.entity.js';
import { Person } from '../people/person.entity.js';
import { Conversation } from './conversation.entity.js';

export type MessageDirection = 'in' | 'out';
export type MessageKind = 'email' | 'note' | 'auto_reply' | 'bounce' | 'bulk' | 'activity' | 'forward';
export type ThreadRule = 'token' | 'in_reply_to' | 'references' | 'reported_message_id' | 'subject' | 'new' | 'new_not_participant' | 'forced_new';
/** `held`: waiting out its author's undo time before it enters the outbox. */
export type SendStatus = 'held' | 'queued' | 'sent' | 'failed';

export interface AddressDto {
  address: string;
  name: string | null;
}

@Entity({ name: 'message' })
@Check('CHK_message_direction', `"direction" IN ('in', 'out')`)
@Check('CHK_message_kind', `"kind" IN ('email', 'note', 'auto_reply', 'bounce', 'bulk', 'activity', 'forward')`)
// Message keys come from senders: unique and looked up on md5(message_key), written by hand in the migrations.
@Index('UQ_message_key_content', { synchronize: false })
@Index('IDX_message_conversation', ['conversationId', 'id'])
@Index('IDX_message_key', { synchronize: false })
@Index('IDX_message_raw', ['rawMessageId'])
@Check('CHK_message_send_status', `"send_status" IS NULL OR "send_status" IN ('held', 'queued', 'sent', 'failed')`)
// GIN and partial indexes are written by hand in the migrations.
@Index('IDX_message_search', { synchronize: false })
@Index('IDX_message_outbox', { synchronize: false })
@Index('IDX_message_held', { synchronize: false })
// The duty report's partial covering index (mail and activity by mailbox and time): written by hand in the migrations.
@Index('IDX_message_report', { synchronize: false })
@Index('IDX_message_customer_mail', { synchronize: false })
@Index('IDX_message_reply_time', { synchronize: false })
export class Message {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_message' })
  id: string;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId: string;

  @Column({ name: 'mailbox_id', type: 'uuid' })
  mailboxId: string;

  /** The stored .eml this came from; null for our replies and notes. */
  @Column({ name: 'raw_message_id', type: 'bigint', nullable: true })
  rawMessageId: string | null;

  @Column({ type: 'text' })
  direction: MessageDirection;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Column({ name: 'message_id_header', type: 'text', nullable: true })
  messageIdHeader: string | null;

  /** Normalised Message-ID, or sha256(raw)@missing.invalid. */
  @Column({ name: 'message_key', type: 'text', nullable: true })
  messageKey: string | null;

  /** Hash of sender, date, subject and text: tells a re-delivery from a different message reusing an id. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash: string | null;

  /** Another, different message already used this Message-ID: both are kept, this one is flagged. */
  @Column({ name: 'message_id_reused', type: 'boolean', default: false })
  messageIdReused: boolean;

  @Column({ name: 'in_reply_to', type: 'text', array: true, default: () => `'{}'` })
  inReplyTo: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  references: string[];

  @Column({ name: 'from_address', type: 'text', nullable: true })
  fromAddress: string | null;

  @Column({ name: 'from_name', type: 'text', nullable: true })
  fromName: string | null;

  @Column({ name: 'reply_to', type: 'jsonb', default: () => `'[]'` })
  replyTo: AddressDto[];

  @Column({ name: 'to_addresses', type: 'jsonb', default: () => `'[]'` })
  toAddresses: AddressDto[];

  @Column({ name: 'cc_addresses', type: 'jsonb', default: () => `'[]'` })
  ccAddresses: AddressDto[];

  /** Our replies' blind copies (sent in the envelope only). */
  @Column({ name: 'bcc_addresses', type: 'jsonb', default: () => `'[]'` })
  bccAddresses: AddressDto[];

  @Column({ type: 'text' })
  subject: string;

  /** The Date header (when the sender says they sent it). */
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** Canonical decoded text, exactly as decoded: never trimmed, cleaned or cut. */
  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  /** The sender's new words inside `text`, in UTF-16 code units. */
  @Column({ name: 'new_text_start', type: 'integer', default: 0 })
  newTextStart: number;

  @Column({ name: 'new_text_end', type: 'integer', default: 0 })
  newTextEnd: number;

  /** The span holds answers written between quoted lines (quoted lines included); previews show the first answer. */
  @Column({ name: 'new_text_interleaved', type: 'boolean', default: false })
  newTextInterleaved: boolean;

  /** The span is (or ends with) a message the sender forwarded to us, kept as their words. */
  @Column({ name: 'new_text_forwarded', type: 'boolean', default: false })
  newTextForwarded: boolean;

  @Column({ name: 'thread_rule', type: 'text' })
  threadRule: ThreadRule;

  @Column({ name: 'decoding_issues', type: 'text', array: true, default: () => `'{}'` })
  decodingIssues: string[];

  @Column({ name: 'send_status', type: 'text', nullable: true })
  sendStatus: SendStatus | null;

  @Column({ name: 'send_attempts', type: 'integer', default: 0 })
  sendAttempts: number;

  /** The last send failure, shown beside a failed or retrying reply. */
  @Column({ name: 'send_error', type: 'text', nullable: true })
  sendError: string | null;

  /** When the outbox worker tries (again) to send a queued reply. */
  @Column({ name: 'next_send_at', type: 'timestamptz', nullable: true })
  nextSendAt: Date | null;

  /** A held reply: what its author's composer had and the conversation before it, for undo. Null once released. */
  @Column({ name: 'held_draft', type: 'jsonb', nullable: true })
  heldDraft: Record<string, unknown> | null;

  /** What an activity entry records, e.g. {type: 'status', from: 'open', to: 'closed'}. */
  @Column({ type: 'jsonb', nullable: true })
  activity: Record<string, unknown> | null;

  /** The words a customer wrote in this message (the new-text span), for full-text search. */
  @Column({ type: 'tsvector', nullable: true, select: false })
  search: string | null;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_message_conversation' })
  conversation?: Relation<Conversation>;

  @ManyToOne(() => RawMessage, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raw_message_id', foreignKeyConstraintName: 'FK_message_raw_message' })
  rawMessage?: Relation<RawMessage> | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_message_author' })
  author?: Relation<Person> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
