import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { Attachment } from './attachment.entity.js';
import { Contact } from './contact.entity.js';
import { Conversation, type ConversationStatus } from './conversation.entity.js';
import { Message } from './message.entity.js';

export interface ConversationCandidate {
  conversationId: string;
  participants: string[];
  status: ConversationStatus;
  lastMessageAt: Date;
}

export type NewMessage = Omit<Message, 'id' | 'createdAt' | 'conversation' | 'rawMessage' | 'author' | 'sendStatus' | 'sendAttempts' | 'authorId'> &
  Partial<Pick<Message, 'sendStatus' | 'authorId'>>;
export type NewAttachment = Omit<Attachment, 'id' | 'messageId' | 'message'>;

const CANDIDATE_COLUMNS = `c.id AS "conversationId", c.participants, c.status, c.last_message_at AS "lastMessageAt"`;

/** Conversations, their messages, contacts and attachments: the data the ingest and inbox share. */
@Injectable()
export class ConversationRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private manager(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  async upsertContact(email: string, name: string | null, tx: Tx): Promise<Contact> {
    const [row] = await tx.query(
      `INSERT INTO contact (email, name) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT "UQ_contact_email" DO UPDATE SET name = COALESCE(contact.name, EXCLUDED.name)
       RETURNING id, email, name, created_at AS "createdAt"`,
      [email, name],
    );
    return row as Contact;
  }

  async candidateByToken(mailboxId: string, token: string, tx: Tx): Promise<ConversationCandidate | null> {
    const [row] = await tx.query(`SELECT ${CANDIDATE_COLUMNS} FROM conversation c WHERE c.mailbox_id = $1 AND c.thread_token = $2`, [mailboxId, token]);
    return row ?? null;
  }

  /** The conversation holding the newest message with one of these keys. */
  async candidateByMessageKeys(mailboxId: string, keys: string[], tx: Tx): Promise<ConversationCandidate | null> {
    if (keys.length === 0) return null;
    const [row] = await tx.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM message m JOIN conversation c ON c.id = m.conversation_id
       WHERE m.mailbox_id = $1 AND m.message_key = ANY($2::text[])
       ORDER BY m.id DESC LIMIT 1`,
      [mailboxId, keys],
    );
    return row ?? null;
  }

  candidatesBySubject(mailboxId: string, baseSubject: string, tx: Tx): Promise<ConversationCandidate[]> {
    if (baseSubject === '') return Promise.resolve([]);
    return tx.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM conversation c WHERE c.mailbox_id = $1 AND c.base_subject = $2 ORDER BY c.last_message_at DESC LIMIT 10`,
      [mailboxId, baseSubject],
    );
  }

  /** Messages of a mailbox with this dedupe key, and their content hashes. */
  messagesWithKey(mailboxId: string, key: string, tx: Tx): Promise<{ id: string; contentHash: string | null }[]> {
    return tx.query(`SELECT id, content_hash AS "contentHash" FROM message WHERE mailbox_id = $1 AND message_key = $2`, [mailboxId, key]);
  }

  insertConversation(values: Omit<Conversation, 'id' | 'createdAt' | 'updatedAt' | 'mailbox' | 'contact' | 'assignee'>, tx: Tx): Promise<Conversation> {
    const repository = tx.getRepository(Conversation);
    return repository.save(repository.create(values));
  }

  /** Records a new message on a conversation: activity time, counts, participants, version. */
  async touchForMessage(
    conversationId: string,
    change: { at: Date; participants: string[]; reopen: boolean; customerWaitingSince: Date | null },
    tx: Tx,
  ): Promise<void> {
    await tx.query(
      `UPDATE conversation SET
         last_message_at = GREATEST(last_message_at, $2),
         message_count = message_count + 1,
         version = version + 1,
         participants = ARRAY(SELECT DISTINCT unnest(participants || $3::text[])),
         status = CASE WHEN $4 AND status IN ('pending', 'snoozed', 'closed') THEN 'open' ELSE status END,
         snoozed_until = CASE WHEN $4 AND status IN ('pending', 'snoozed', 'closed') THEN NULL ELSE snoozed_until END,
         waiting_since = CASE WHEN $5::timestamptz IS NOT NULL THEN COALESCE(waiting_since, $5::timestamptz) ELSE waiting_since END,
         updated_at = now()
       WHERE id = $1`,
      [conversationId, change.at, change.participants, change.reopen, change.customerWaitingSince],
    );
  }

  /** Shows the newest customer message's first words in the inbox list. */
  async setPreview(conversationId: string, preview: { text: string; truncated: boolean; messageId: string }, tx: Tx): Promise<void> {
    await tx.query(
      `UPDATE conversation SET preview = $2, preview_truncated = $3, preview_message_id = $4
       WHERE id = $1 AND (preview_message_id IS NULL OR preview_message_id < $4)`,
      [conversationId, preview.text, preview.truncated, preview.messageId],
    );
  }

  /** Inserts a message unless the same (mailbox, key, content) is already stored; returns its id or null. */
  async insertMessage(values: NewMessage, tx: Tx): Promise<string | null> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(Message)
      .values(values as never)
      .orIgnore()
      .returning('id')
      .execute();
    const row = result.raw[0] as { id: string } | undefined;
    return row?.id ?? null;
  }

  async insertAttachments(messageId: string, attachments: NewAttachment[], tx: Tx): Promise<void> {
    if (attachments.length === 0) return;
    await tx.getRepository(Attachment).insert(attachments.map((attachment) => ({ ...attachment, messageId })));
  }

  findConversation(id: string, tx?: Tx): Promise<Conversation | null> {
    return this.manager(tx).getRepository(Conversation).findOneBy({ id });
  }
}
