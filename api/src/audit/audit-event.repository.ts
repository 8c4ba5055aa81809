import { Injectable } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { TransactionRunner, type Tx } from '../database/transaction.js';
import { AuditEvent } from './audit-event.entity.js';

export interface NewAuditEvent {
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

@Injectable()
export class AuditEventRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async insert(event: NewAuditEvent, tx: Tx = this.transactions.manager): Promise<void> {
    // jsonb: TypeORM's deep-partial typing does not fit free-form objects.
    await tx.getRepository(AuditEvent).insert({ ...event, details: event.details as never });
  }

  /** How many events of one action happened since a moment, for a target or an address, and the oldest. */
  async countSince(filter: { action: string; since: Date; targetId?: string; ip?: string }): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.transactions.manager
      .getRepository(AuditEvent)
      .createQueryBuilder('event')
      .select('COUNT(*)::int', 'count')
      .addSelect('MIN(event.occurredAt)', 'oldest')
      .where({
        action: filter.action,
        occurredAt: MoreThan(filter.since),
        ...(filter.targetId !== undefined ? { targetId: filter.targetId } : {}),
        ...(filter.ip !== undefined ? { ip: filter.ip } : {}),
      })
      .getRawOne<{ count: number; oldest: Date | null }>();
    return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
  }
}
