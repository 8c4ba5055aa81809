import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, MoreThan, Repository } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';

export type AuditAction =
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.signed_out'
  | 'person.created'
  | 'person.updated'
  | 'person.deactivated'
  | 'person.reactivated'
  | 'setup.completed';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  /** Never put secrets here: no passwords, tokens or session ids. */
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Appends an event; pass the transaction's manager to record it atomically with the change. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    await repository.insert({
      // jsonb: TypeORM's deep-partial typing does not fit free-form objects.
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      details: (entry.details ?? {}) as never,
    });
  }

  /** How many times an action happened since a moment, by target or by address, and the oldest. */
  async countSince(filter: { action: AuditAction; since: Date; targetId?: string; ip?: string }): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.events
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

  list(limit: number): Promise<AuditEvent[]> {
    return this.events.find({ order: { id: 'DESC' }, take: limit });
  }
}
