import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx, returningRows } from '../database/transaction.js';
import type { Mentionable } from './mentions.js';
import type { NotificationDto, NotificationKind } from './notifications.types.js';

export interface NotificationDraft {
  personId: string;
  kind: NotificationKind;
  /** Names the event; with the person it is unique, so retries and other processes add nothing. */
  eventKey: string;
  actorId: string | null;
  conversationId: string | null;
  title: string;
  body: string;
  url: string;
}

interface NotificationQueryRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  actorId: string | null;
  actorName: string | null;
  createdAt: Date;
  readAt: Date | null;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /**
   * Inserts the drafts for active people, skipping any (person, event) already notified; returns the
   * people who got a new row. One statement, inside the caller's transaction.
   */
  async insert(drafts: NotificationDraft[], tx: Tx): Promise<string[]> {
    if (drafts.length === 0) return [];
    const rows = await returningRows<{ personId: string }>(
      tx,
      `INSERT INTO notification (person_id, kind, event_key, actor_id, conversation_id, title, body, url)
       SELECT d.person_id, d.kind, d.event_key, d.actor_id, d.conversation_id, d.title, d.body, d.url
         FROM json_to_recordset($1::json) AS d(person_id uuid, kind text, event_key text, actor_id uuid, conversation_id bigint, title text, body text, url text)
         JOIN person p ON p.id = d.person_id AND p.active
        WHERE NOT EXISTS (SELECT 1 FROM notification_preference np WHERE np.person_id = d.person_id AND np.kind = d.kind AND NOT np.in_app)
       ON CONFLICT ON CONSTRAINT "UQ_notification_event" DO NOTHING
       RETURNING person_id::text AS "personId"`,
      [
        JSON.stringify(
          drafts.map((draft) => ({
            person_id: draft.personId,
            kind: draft.kind,
            event_key: draft.eventKey,
            actor_id: draft.actorId,
            conversation_id: draft.conversationId,
            title: draft.title,
            body: draft.body,
            url: draft.url,
          })),
        ),
      ],
    );
    return [...new Set(rows.map((row) => row.personId))];
  }

  async list(personId: string, limit: number): Promise<NotificationDto[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT n.id::text, n.kind, n.title, n.body, n.url, n.actor_id::text AS "actorId", a.name AS "actorName", n.created_at AS "createdAt", n.read_at AS "readAt"
         FROM notification n LEFT JOIN person a ON a.id = n.actor_id
        WHERE n.person_id = $1
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $2`,
      [personId, limit],
    )) as NotificationQueryRow[];
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      url: row.url,
      actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt ? row.readAt.toISOString() : null,
    }));
  }

  async unreadCount(personId: string): Promise<number> {
    const [row] = await this.transactions.manager.query(`SELECT count(*)::int AS count FROM notification WHERE person_id = $1 AND read_at IS NULL`, [personId]);
    return (row as { count: number }).count;
  }

  /** Marks one of the person's notifications read; false when there is no such notification of theirs. */
  async markRead(id: string, personId: string, at: Date, tx: Tx): Promise<boolean> {
    const [row] = await tx.query(`SELECT id FROM notification WHERE id = $1 AND person_id = $2`, [id, personId]);
    if (!row) return false;
    await tx.query(`UPDATE notification SET read_at = $3 WHERE id = $1 AND person_id = $2 AND read_at IS NULL`, [id, personId, at]);
    return true;
  }

  async markAllRead(personId: string, at: Date, tx: Tx): Promise<number> {
    const rows = await returningRows<{ id: string }>(tx, `UPDATE notification SET read_at = $2 WHERE person_id = $1 AND read_at IS NULL RETURNING id::text`, [personId, at]);
    return rows.length;
  }

  /** The kinds someone turned off. */
  async turnedOff(personId: string): Promise<NotificationKind[]> {
    const rows = (await this.transactions.manager.query(`SELECT kind FROM notification_preference WHERE person_id = $1 AND NOT in_app`, [personId])) as { kind: NotificationKind }[];
    return rows.map((row) => row.kind);
  }

  async setPreferences(personId: string, preferences: { kind: NotificationKind; inApp: boolean }[], tx: Tx): Promise<void> {
    if (preferences.length === 0) return;
    await tx.query(
      `INSERT INTO notification_preference (person_id, kind, in_app)
       SELECT $1, p.kind, p.in_app FROM json_to_recordset($2::json) AS p(kind text, in_app boolean)
       ON CONFLICT (person_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, updated_at = now()`,
      [personId, JSON.stringify(preferences.map((preference) => ({ kind: preference.kind, in_app: preference.inApp })))],
    );
  }

  /** Everyone a note can mention: active people. */
  async mentionable(tx: Tx): Promise<Mentionable[]> {
    return (await tx.query(`SELECT id::text, name, email FROM person WHERE active`)) as Mentionable[];
  }

  /** The assignees of conversations (only those assigned), by conversation id. */
  async assignees(conversationIds: string[], tx: Tx): Promise<Map<string, string>> {
    if (conversationIds.length === 0) return new Map();
    const rows = (await tx.query(`SELECT id::text, assignee_id::text AS "assigneeId" FROM conversation WHERE id = ANY($1::bigint[]) AND assignee_id IS NOT NULL`, [conversationIds])) as {
      id: string;
      assigneeId: string;
    }[];
    return new Map(rows.map((row) => [row.id, row.assigneeId]));
  }

  /** A reply marked failed: its author, conversation, subject and the error (null unless it is failed). */
  async failedReply(messageId: string, tx: Tx): Promise<{ authorId: string | null; conversationId: string; subject: string; error: string } | null> {
    const [row] = await tx.query(
      `SELECT m.author_id::text AS "authorId", m.conversation_id::text AS "conversationId", c.subject, coalesce(m.send_error, '') AS error
         FROM message m JOIN conversation c ON c.id = m.conversation_id
        WHERE m.id = $1 AND m.send_status = 'failed'`,
      [messageId],
    );
    return (row as { authorId: string | null; conversationId: string; subject: string; error: string } | undefined) ?? null;
  }

  /** The other members of a rotation (everyone who could take a swap). */
  async rotationMembers(rotationId: string, tx: Tx): Promise<string[]> {
    const rows = (await tx.query(`SELECT DISTINCT person_id::text AS "personId" FROM rotation_member WHERE rotation_id = $1`, [rotationId])) as { personId: string }[];
    return rows.map((row) => row.personId);
  }
}
