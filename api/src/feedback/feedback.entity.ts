import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Conversation } from '../conversations/conversation.entity.js';
import { Message } from '../conversations/message.entity.js';
import { Person } from '../people/person.entity.js';

// The feedback tables as TypeORM sees them: the schema is the migration's; these entities let the
// drift test check that the two agree. The repository reads and writes them with plain SQL.

/** A customer's exact words: message.text.slice(start_offset, end_offset), UTF-16 code units. Never edited. */
@Entity({ name: 'quote' })
@Check('CHK_quote_span', `"start_offset" >= 0 AND "end_offset" > "start_offset"`)
@Index('IDX_quote_message', ['messageId'])
@Index('IDX_quote_conversation', ['conversationId'])
@Index('IDX_quote_pinned_at', ['pinnedAt'])
export class QuoteRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_quote' })
  id: string;

  @Column({ name: 'message_id', type: 'bigint' })
  messageId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'FK_quote_message' })
  message?: Relation<Message>;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_quote_conversation' })
  conversation?: Relation<Conversation>;

  @Column({ name: 'start_offset', type: 'integer' })
  startOffset: number;

  @Column({ name: 'end_offset', type: 'integer' })
  endOffset: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  prefix: string;

  @Column({ type: 'text' })
  suffix: string;

  @Column({ name: 'duty_date', type: 'date' })
  dutyDate: string;

  @Column({ name: 'pinned_by', type: 'uuid', nullable: true })
  pinnedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'pinned_by', foreignKeyConstraintName: 'FK_quote_pinned_by' })
  pinner?: Relation<Person> | null;

  @Column({ name: 'pinned_at', type: 'timestamptz', default: () => 'now()' })
  pinnedAt: Date;

  /** Who was on duty (primary) on the duty day the quoted message arrived; null without a rotation. */
  @Column({ name: 'duty_person_id', type: 'uuid', nullable: true })
  dutyPersonId: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'duty_person_id', foreignKeyConstraintName: 'FK_quote_duty_person' })
  dutyPerson?: Relation<Person> | null;

  @Column({ name: 'retracted_at', type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @Column({ name: 'retracted_by', type: 'uuid', nullable: true })
  retractedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'retracted_by', foreignKeyConstraintName: 'FK_quote_retracted_by' })
  retracter?: Relation<Person> | null;

  /** Set when re-processing moved the message's new-text span so that it no longer holds this quote. */
  @Column({ name: 'outside_new_text', type: 'boolean', default: false })
  outsideNewText: boolean;
}

/** A product theme; a merged theme points at the one it became. */
@Entity({ name: 'theme' })
// Unique live names (lower(name) WHERE merged_into IS NULL): an expression index written in the migration.
@Index('UQ_theme_name_live', { synchronize: false })
export class ThemeRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_theme' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  phrases: string[];

  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto: string | null;

  @ManyToOne(() => ThemeRow, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into', foreignKeyConstraintName: 'FK_theme_merged_into' })
  mergedTheme?: Relation<ThemeRow> | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_theme_created_by' })
  creator?: Relation<Person> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'quote_theme' })
@Index('IDX_quote_theme_theme', ['themeId'])
export class QuoteThemeRow {
  @PrimaryColumn({ name: 'quote_id', type: 'uuid', primaryKeyConstraintName: 'PK_quote_theme' })
  quoteId: string;

  @PrimaryColumn({ name: 'theme_id', type: 'uuid', primaryKeyConstraintName: 'PK_quote_theme' })
  themeId: string;

  @ManyToOne(() => QuoteRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'quote_id', foreignKeyConstraintName: 'FK_quote_theme_quote' })
  quote?: Relation<QuoteRow>;

  @ManyToOne(() => ThemeRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'theme_id', foreignKeyConstraintName: 'FK_quote_theme_theme' })
  theme?: Relation<ThemeRow>;

  @Column({ name: 'tagged_by', type: 'uuid', nullable: true })
  taggedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'tagged_by', foreignKeyConstraintName: 'FK_quote_theme_tagged_by' })
  tagger?: Relation<Person> | null;

  @Column({ name: 'tagged_at', type: 'timestamptz', default: () => 'now()' })
  taggedAt: Date;
}

/** An issue in a tracker that fixes what customers asked about. */
@Entity({ name: 'issue_link' })
@Unique('UQ_issue_link_url', ['url'])
@Check('CHK_issue_link_tracker', `"tracker" IN ('github', 'gitlab', 'linear', 'jira', 'other')`)
@Check('CHK_issue_link_state', `"state" IN ('open', 'fixed', 'wontfix')`)
@Check('CHK_issue_link_fix_summary', `char_length("fix_summary") <= 500`)
export class IssueLinkRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_issue_link' })
  id: string;

  @Column({ type: 'text' })
  tracker: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** "What we fixed", in the words customers will read; null: the title is used. */
  @Column({ name: 'fix_summary', type: 'text', nullable: true })
  fixSummary: string | null;

  @Column({ type: 'text', default: 'open' })
  state: string;

  /** When the last applied state change happened (a tracker's time, or when a person changed it). */
  @Column({ name: 'state_changed_at', type: 'timestamptz', nullable: true })
  stateChangedAt: Date | null;

  @Column({ name: 'fixed_at', type: 'timestamptz', nullable: true })
  fixedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_issue_link_created_by' })
  creator?: Relation<Person> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity({ name: 'issue_link_theme' })
export class IssueLinkThemeRow {
  @PrimaryColumn({ name: 'issue_link_id', type: 'uuid', primaryKeyConstraintName: 'PK_issue_link_theme' })
  issueLinkId: string;

  @PrimaryColumn({ name: 'theme_id', type: 'uuid', primaryKeyConstraintName: 'PK_issue_link_theme' })
  themeId: string;

  @ManyToOne(() => IssueLinkRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_link_id', foreignKeyConstraintName: 'FK_issue_link_theme_issue' })
  issue?: Relation<IssueLinkRow>;

  @ManyToOne(() => ThemeRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'theme_id', foreignKeyConstraintName: 'FK_issue_link_theme_theme' })
  theme?: Relation<ThemeRow>;
}

@Entity({ name: 'issue_link_conversation' })
@Index('IDX_issue_link_conversation_conversation', ['conversationId'])
export class IssueLinkConversationRow {
  @PrimaryColumn({ name: 'issue_link_id', type: 'uuid', primaryKeyConstraintName: 'PK_issue_link_conversation' })
  issueLinkId: string;

  @PrimaryColumn({ name: 'conversation_id', type: 'bigint', primaryKeyConstraintName: 'PK_issue_link_conversation' })
  conversationId: string;

  @ManyToOne(() => IssueLinkRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_link_id', foreignKeyConstraintName: 'FK_issue_link_conversation_issue' })
  issue?: Relation<IssueLinkRow>;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_issue_link_conversation_conversation' })
  conversation?: Relation<Conversation>;
}

/** The reply drafted when a linked issue is fixed: one per issue and conversation. */
@Entity({ name: 'fix_reply' })
@Unique('UQ_fix_reply_issue_conversation', ['issueLinkId', 'conversationId'])
@Check('CHK_fix_reply_status', `"status" IN ('draft', 'sent', 'discarded')`)
@Index('IDX_fix_reply_status', ['status', 'createdAt'])
export class FixReplyRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_fix_reply' })
  id: string;

  @Column({ name: 'issue_link_id', type: 'uuid' })
  issueLinkId: string;

  @ManyToOne(() => IssueLinkRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issue_link_id', foreignKeyConstraintName: 'FK_fix_reply_issue' })
  issue?: Relation<IssueLinkRow>;

  @Column({ name: 'conversation_id', type: 'bigint' })
  conversationId: string;

  @ManyToOne(() => Conversation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conversation_id', foreignKeyConstraintName: 'FK_fix_reply_conversation' })
  conversation?: Relation<Conversation>;

  @Column({ name: 'quote_id', type: 'uuid', nullable: true })
  quoteId: string | null;

  @ManyToOne(() => QuoteRow, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'quote_id', foreignKeyConstraintName: 'FK_fix_reply_quote' })
  quote?: Relation<QuoteRow> | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: 'draft' })
  status: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'sent_message_id', type: 'bigint', nullable: true })
  sentMessageId: string | null;

  @ManyToOne(() => Message, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sent_message_id', foreignKeyConstraintName: 'FK_fix_reply_message' })
  sentMessage?: Relation<Message> | null;

  @Column({ name: 'sent_by', type: 'uuid', nullable: true })
  sentBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sent_by', foreignKeyConstraintName: 'FK_fix_reply_sent_by' })
  sender?: Relation<Person> | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** A tracker's webhook secret, sealed (AES-256-GCM) like mailbox passwords. */
@Entity({ name: 'webhook_secret' })
export class WebhookSecretRow {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhook_secret' })
  tracker: string;

  @Column({ name: 'secret_enc', type: 'bytea' })
  secretEnc: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** Deliveries seen, so a replayed one changes nothing. */
@Entity({ name: 'webhook_delivery' })
@Index('UQ_webhook_delivery_body', ['tracker', 'bodySha256'], { unique: true })
export class WebhookDeliveryRow {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhook_delivery' })
  tracker: string;

  @PrimaryColumn({ name: 'delivery_id', type: 'text', primaryKeyConstraintName: 'PK_webhook_delivery' })
  deliveryId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  /** SHA-256 of the signed body: the same body re-sent under a new delivery id is a replay. */
  @Column({ name: 'body_sha256', type: 'bytea', nullable: true })
  bodySha256: Buffer | null;
}

/** App-wide settings changed in the web app (e.g. automatic sending of fix replies). */
@Entity({ name: 'app_setting' })
export class AppSettingRow {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_app_setting' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @ManyToOne(() => Person, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'FK_app_setting_updated_by' })
  updater?: Relation<Person> | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
