import { Injectable } from '@nestjs/common';
import { returningRows, type Tx, TransactionRunner } from '../database/transaction.js';
import type { ConversationStatusDto } from '../conversations/conversations.types.js';

export interface CustomerRow {
  id: string;
  name: string | null;
  email: string;
  note: string;
  noteVersion: number;
  noteUpdatedAt: Date | null;
  noteUpdatedById: string | null;
  noteUpdatedByName: string | null;
}

export interface CustomerConversationRow {
  id: string;
  subject: string;
  status: ConversationStatusDto;
  lastMessageAt: Date;
}

const CUSTOMER_SELECT = `SELECT ct.id, ct.name, ct.email, ct.note, ct.note_version AS "noteVersion", ct.note_updated_at AS "noteUpdatedAt",
         p.id AS "noteUpdatedById", p.name AS "noteUpdatedByName"
  FROM contact ct LEFT JOIN person p ON p.id = ct.note_updated_by`;

/** A customer (contact), their conversations and the team's shared note. Parameterised SQL only. */
@Injectable()
export class CustomersRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async byConversation(conversationId: string): Promise<CustomerRow | null> {
    const [row] = await this.transactions.manager.query(`${CUSTOMER_SELECT} JOIN conversation c ON c.contact_id = ct.id WHERE c.id = $1`, [conversationId]);
    return (row as CustomerRow | undefined) ?? null;
  }

  async byId(contactId: string, tx?: Tx): Promise<CustomerRow | null> {
    const [row] = await (tx ?? this.transactions.manager).query(`${CUSTOMER_SELECT} WHERE ct.id = $1`, [contactId]);
    return (row as CustomerRow | undefined) ?? null;
  }

  otherConversations(contactId: string, exceptId: string, limit: number): Promise<CustomerConversationRow[]> {
    return this.transactions.manager.query(
      `SELECT id::text, subject, status, last_message_at AS "lastMessageAt" FROM conversation
       WHERE contact_id = $1 AND id <> $2 ORDER BY last_message_at DESC, conversation.id DESC LIMIT $3`,
      [contactId, exceptId, limit],
    );
  }

  /** Saves the note over `version`; false when someone saved a newer one meanwhile (nothing written). */
  async saveNote(contactId: string, text: string, version: number, personId: string, tx: Tx): Promise<boolean> {
    const rows = await returningRows(
      tx,
      `UPDATE contact SET note = $2, note_version = note_version + 1, note_updated_at = now(), note_updated_by = $4
       WHERE id = $1 AND note_version = $3 RETURNING id`,
      [contactId, text, version, personId],
    );
    return rows.length > 0;
  }
}
