import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx, returningRows } from '../database/transaction.js';
import { InvitationRow } from './invitation.entity.js';

@Injectable()
export class InvitationsRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async insert(values: Pick<InvitationRow, 'email' | 'access' | 'supportRole' | 'tokenHash' | 'invitedBy' | 'expiresAt'>, tx: Tx): Promise<InvitationRow> {
    const repository = tx.getRepository(InvitationRow);
    return repository.save(repository.create({ ...values, sentAt: null, acceptedAt: null, revokedAt: null, personId: null }));
  }

  /** Pending invitations (not accepted, not revoked, not expired), newest first, with the inviter's name. */
  async pending(now: Date): Promise<(InvitationRow & { inviterName: string | null })[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT i.id::text, i.email, i.access, i.support_role AS "supportRole", i.invited_by::text AS "invitedBy", p.name AS "inviterName",
              i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.sent_at AS "sentAt"
         FROM invitation i LEFT JOIN person p ON p.id = i.invited_by
        WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $1
        ORDER BY i.created_at DESC`,
      [now],
    )) as (InvitationRow & { inviterName: string | null })[];
    return rows;
  }

  findById(id: string, tx?: Tx): Promise<InvitationRow | null> {
    return (tx ?? this.transactions.manager).getRepository(InvitationRow).findOne({ where: { id }, ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByTokenHash(tokenHash: string, tx?: Tx): Promise<InvitationRow | null> {
    return (tx ?? this.transactions.manager).getRepository(InvitationRow).findOne({ where: { tokenHash }, ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  save(row: InvitationRow, tx: Tx): Promise<InvitationRow> {
    return tx.getRepository(InvitationRow).save(row);
  }

  /** Revokes the pending invitations to an address (a new one replaces them). */
  async revokePendingFor(email: string, now: Date, tx: Tx): Promise<void> {
    await returningRows(tx, `UPDATE invitation SET revoked_at = $2 WHERE email = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`, [email, now]);
  }

  async inviterName(id: string | null): Promise<string | null> {
    if (!id) return null;
    const [row] = await this.transactions.manager.query(`SELECT name FROM person WHERE id = $1`, [id]);
    return (row as { name: string } | undefined)?.name ?? null;
  }

  async personExists(email: string): Promise<boolean> {
    const [row] = await this.transactions.manager.query(`SELECT 1 FROM person WHERE email = $1`, [email]);
    return row !== undefined;
  }
}
