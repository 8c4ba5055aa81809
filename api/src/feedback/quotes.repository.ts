import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';

export interface QuoteRow {
  id: string;
  messageId: string;
  conversationId: string;
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
  dutyDate: string;
  pinnedById: string | null;
  pinnedByName: string | null;
  pinnedAt: Date;
  outsideNewText: boolean;
  dutyPersonId: string | null;
  dutyPersonName: string | null;
  customerEmail: string;
  customerName: string | null;
  messageDate: Date;
  themes: { id: string; name: string }[];
}

/** Which live quotes to read. */
export type QuoteFilter = { id: string } | { conversationId: string } | { themeId: string } | { contactId: string };

export interface MessageForQuote {
  text: string;
  conversationId: string;
  mailboxId: string;
  direction: string;
  kind: string;
  receivedAt: Date;
}

export interface NewQuote {
  messageId: string;
  conversationId: string;
  start: number;
  end: number;
  text: string;
  prefix: string;
  suffix: string;
  dutyDate: string;
  dutyPersonId: string | null;
  pinnedBy: string;
}

export interface CustomerMessage {
  id: string;
  text: string;
  newTextStart: number;
  newTextEnd: number;
}

const QUOTE_SELECT = `
  SELECT q.id, q.message_id::text AS "messageId", q.conversation_id::text AS "conversationId", q.start_offset AS start, q.end_offset AS "end",
         q.text, q.prefix, q.suffix, q.duty_date::text AS "dutyDate", q.pinned_by AS "pinnedById", p.name AS "pinnedByName", q.pinned_at AS "pinnedAt", q.outside_new_text AS "outsideNewText",
         q.duty_person_id AS "dutyPersonId", dp.name AS "dutyPersonName",
         COALESCE(m.from_address, ct.email) AS "customerEmail", CASE WHEN m.from_address IS NULL OR m.from_address = ct.email THEN ct.name ELSE m.from_name END AS "customerName",
         COALESCE(m.sent_at, m.received_at) AS "messageDate",
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) FROM quote_theme qt JOIN theme t ON t.id = qt.theme_id WHERE qt.quote_id = q.id), '[]') AS themes
  FROM quote q
  JOIN message m ON m.id = q.message_id
  JOIN conversation c ON c.id = q.conversation_id
  JOIN contact ct ON ct.id = c.contact_id
  LEFT JOIN person p ON p.id = q.pinned_by
  LEFT JOIN person dp ON dp.id = q.duty_person_id`;

/** Each filter's condition: fixed SQL, the value always the parameter $1. */
const QUOTE_CONDITIONS = {
  id: 'q.id = $1',
  conversationId: 'q.conversation_id = $1',
  themeId: 'EXISTS (SELECT 1 FROM quote_theme x WHERE x.quote_id = q.id AND x.theme_id = $1)',
  contactId: 'EXISTS (SELECT 1 FROM conversation qc WHERE qc.id = q.conversation_id AND qc.contact_id = $1::uuid)',
} as const;

/** Quotes and their theme tags. Parameterised SQL only. */
@Injectable()
export class QuotesRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  private db(tx?: Tx): Tx {
    return tx ?? this.transactions.manager;
  }

  async messageForQuote(messageId: string, tx: Tx): Promise<MessageForQuote | null> {
    const [row] = (await tx.query(
      `SELECT text, conversation_id::text AS "conversationId", mailbox_id AS "mailboxId", direction, kind, received_at AS "receivedAt" FROM message WHERE id = $1`,
      [messageId],
    )) as MessageForQuote[];
    return row ?? null;
  }

  async insertQuote(values: NewQuote, tx: Tx): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO quote (message_id, conversation_id, start_offset, end_offset, text, prefix, suffix, duty_date, duty_person_id, pinned_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [values.messageId, values.conversationId, values.start, values.end, values.text, values.prefix, values.suffix, values.dutyDate, values.dutyPersonId, values.pinnedBy],
    )) as { id: string }[];
    return row!.id;
  }

  async retractQuote(id: string, by: string, tx: Tx): Promise<{ conversationId: string } | null> {
    const [row] = await returningRows<{ conversationId: string }>(
      tx,
      `UPDATE quote SET retracted_at = now(), retracted_by = $2 WHERE id = $1 AND retracted_at IS NULL RETURNING conversation_id::text AS "conversationId"`,
      [id, by],
    );
    return row ?? null;
  }

  async tag(quoteId: string, themeId: string, by: string, tx?: Tx): Promise<void> {
    await this.db(tx).query(`INSERT INTO quote_theme (quote_id, theme_id, tagged_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [quoteId, themeId, by]);
  }

  async untag(quoteId: string, themeId: string): Promise<void> {
    await this.db().query(`DELETE FROM quote_theme WHERE quote_id = $1 AND theme_id = $2`, [quoteId, themeId]);
  }

  /** Live (not retracted) quotes, newest pinned first. */
  quotes(filter: QuoteFilter, tx?: Tx): Promise<QuoteRow[]> {
    const [field, value] = Object.entries(filter)[0] as [keyof typeof QUOTE_CONDITIONS, string];
    return this.db(tx).query(`${QUOTE_SELECT} WHERE q.retracted_at IS NULL AND ${QUOTE_CONDITIONS[field]} ORDER BY q.pinned_at DESC, q.id`, [value]);
  }

  /** The customer's own emails in a conversation, with their new-words spans (for theme suggestions). */
  customerMessages(conversationId: string): Promise<CustomerMessage[]> {
    return this.db().query(
      `SELECT id::text, text, new_text_start AS "newTextStart", new_text_end AS "newTextEnd" FROM message WHERE conversation_id = $1 AND direction = 'in' AND kind = 'email' ORDER BY message.id`,
      [conversationId],
    );
  }
}
