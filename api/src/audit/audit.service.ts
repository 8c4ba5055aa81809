import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.js';
import { AuditEventRepository } from './audit-event.repository.js';

export type AuditAction =
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.signed_out'
  | 'session.second_factor_failed'
  | 'person.second_factor_added'
  | 'person.second_factor_removed'
  | 'person.second_factor_reset'
  | 'person.recovery_codes_regenerated'
  | 'sign_in_policy.updated'
  | 'person.created'
  | 'person.password_changed'
  | 'person.password_reset'
  | 'person.reset_link_created'
  | 'session.revoked'
  | 'person.updated'
  | 'person.deactivated'
  | 'person.reactivated'
  | 'setup.completed'
  | 'mailbox.created'
  | 'mailbox.updated'
  | 'mailbox.oauth_connected'
  | 'mailbox.oauth_reconnected'
  | 'mailbox.oauth_disconnected'
  | 'oauth_client.updated'
  | 'rotation.created'
  | 'rotation.updated'
  | 'rotation.assigned_unrouted'
  | 'duty_change.created'
  | 'duty_change.revoked'
  | 'webhook.secret_created'
  | 'webhook.secret_replaced'
  | 'settings.member_actions_updated'
  | 'contact.note_updated'
  | 'conversation.merged'
  | 'conversation.merge_undone'
  | 'conversation.split';

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
  constructor(private readonly events: AuditEventRepository) {}

  /** Appends an event; pass the unit of work to record it atomically with the change it describes. */
  record(entry: AuditEntry, tx?: Tx): Promise<void> {
    return this.events.insert(
      {
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ip: entry.ip ?? null,
        details: entry.details ?? {},
      },
      tx,
    );
  }

  countSince(filter: { action: AuditAction; since: Date; targetId?: string; ip?: string }): Promise<{ count: number; oldest: Date | null }> {
    return this.events.countSince(filter);
  }
}
