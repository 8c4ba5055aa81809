import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';

export interface NewReplyUpload {
  personId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: Buffer;
  bytes: Buffer;
}

export interface ReplyUploadDto {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface OutgoingAttachment {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  disposition: 'attachment' | 'inline';
  bytes: Buffer;
}

/** Not a file a new conversation waiting out its undo time carries. */
const NOT_HELD = `NOT EXISTS (SELECT 1 FROM held_conversation WHERE reply_upload.id = ANY(held_conversation.upload_ids))`;

/** Files waiting in a composer, and their move into `attachment` when the reply is stored. */
@Injectable()
export class ReplyUploadRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async insert(upload: NewReplyUpload): Promise<ReplyUploadDto> {
    const [row] = await this.transactions.manager.query(
      `INSERT INTO reply_upload (person_id, filename, content_type, size, sha256, bytes) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, filename, content_type AS "contentType", size`,
      [upload.personId, upload.filename, upload.contentType, upload.size, upload.sha256, upload.bytes],
    );
    return row as ReplyUploadDto;
  }

  /** Uploads never sent (a draft abandoned) are dropped after a while; a held new conversation's files stay. */
  async removeStale(before: Date): Promise<void> {
    await this.transactions.manager.query(`DELETE FROM reply_upload WHERE created_at < $1 AND ${NOT_HELD}`, [before]);
  }

  /** Takes a file out of a composer (not one a held new conversation carries: undo gives that back). */
  async remove(id: string, personId: string): Promise<boolean> {
    const rows = await returningRows(this.transactions.manager, `DELETE FROM reply_upload WHERE id = $1 AND person_id = $2 AND ${NOT_HELD} RETURNING id`, [id, personId]);
    return rows.length > 0;
  }

  /** The person's uploads among `ids`: how many there are and what they weigh together. */
  async measure(ids: string[], personId: string, tx: Tx): Promise<{ count: number; size: number }> {
    const [row] = await tx.query(
      `SELECT count(*)::int AS count, COALESCE(sum(size), 0)::bigint AS size FROM reply_upload WHERE id = ANY($1::uuid[]) AND person_id = $2`,
      [ids, personId],
    );
    const { count, size } = row as { count: number; size: string };
    return { count, size: Number(size) };
  }

  /** The uploads become the attachments of our message (bytes and sha256 as uploaded), in the order given; answers the attachments' ids. */
  async attachTo(messageId: string, ids: string[], personId: string, tx: Tx): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      tx,
      `WITH moved AS (DELETE FROM reply_upload WHERE id = ANY($2::uuid[]) AND person_id = $3 RETURNING *)
       INSERT INTO attachment (message_id, filename, content_type, size, sha256, content_id, disposition, bytes)
       SELECT $1, filename, content_type, size, sha256, NULL, 'attachment', bytes FROM moved ORDER BY array_position($2::uuid[], id)
       RETURNING id`,
      [messageId, ids, personId],
    );
    return rows.map((row) => row.id);
  }

  /** What the outbox sends as MIME parts of a reply. */
  forMessage(messageId: string): Promise<OutgoingAttachment[]> {
    return this.transactions.manager.query(
      `SELECT filename, content_type AS "contentType", content_id AS "contentId", disposition, bytes FROM attachment WHERE message_id = $1 ORDER BY seq`,
      [messageId],
    ) as Promise<OutgoingAttachment[]>;
  }
}
