import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { sqlState, UNIQUE_VIOLATION } from '../database/errors.js';
import { TransactionRunner } from '../database/transaction.js';

export interface SavedReplyRow {
  id: string;
  name: string;
  body: string;
  ownerId: string | null;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `SELECT r.id, r.name, r.body, r.owner_id AS "ownerId", r.created_by AS "createdById", p.name AS "createdByName",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"
  FROM saved_reply r LEFT JOIN person p ON p.id = r.created_by`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Saved replies: the team's (no owner) and each person's own. */
@Injectable()
export class SavedRepliesRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** The team's and this person's own, names matching `query` anywhere ignoring case and accents; names starting with it first. */
  async visibleTo(personId: string, query: string): Promise<SavedReplyRow[]> {
    const pattern = escapeLike(query.trim());
    return this.transactions.manager.query(
      `${SELECT}
       WHERE (r.owner_id IS NULL OR r.owner_id = $1)
         AND unaccent(lower(r.name)) LIKE '%' || unaccent(lower($2)) || '%'
       ORDER BY (unaccent(lower(r.name)) LIKE unaccent(lower($2)) || '%') DESC, lower(r.name), r.owner_id NULLS FIRST
       LIMIT 200`,
      [personId, pattern],
    );
  }

  async find(id: string): Promise<SavedReplyRow | null> {
    const rows: SavedReplyRow[] = await this.transactions.manager.query(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async insert(reply: { name: string; body: string; ownerId: string | null; createdBy: string }): Promise<string> {
    const rows: { id: string }[] = await this.unique(() =>
      this.transactions.manager.query(`INSERT INTO saved_reply (name, body, owner_id, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
        reply.name,
        reply.body,
        reply.ownerId,
        reply.createdBy,
      ]),
    );
    return rows[0]!.id;
  }

  async update(id: string, reply: { name: string; body: string; ownerId: string | null }): Promise<void> {
    await this.unique(() =>
      this.transactions.manager.query(`UPDATE saved_reply SET name = $2, body = $3, owner_id = $4, updated_at = now() WHERE id = $1`, [
        id,
        reply.name,
        reply.body,
        reply.ownerId,
      ]),
    );
  }

  async delete(id: string): Promise<void> {
    await this.transactions.manager.query(`DELETE FROM saved_reply WHERE id = $1`, [id]);
  }

  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new AppError('conflict', 'A saved reply with this name already exists there. Choose another name.', { name: ['Name already used'] });
      throw error;
    }
  }
}
