import { Injectable } from '@nestjs/common';
import { TransactionRunner, type Tx, returningRows } from '../database/transaction.js';
import type { Mentionable } from './mentions.js';
import { NEW_MAIL_KINDS, type NotificationDto, type NotificationKind, type NotificationPreferenceDto } from './notifications.types.js';

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
  /** For new-mail kinds: whether the recipient is on duty for this mail ("only while I'm on duty"). */
  onDuty?: boolean;
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
   * Inserts the drafts for active people, skipping any (person, event) already notified, with each
   * channel decided from the person's preferences in the same statement: the centre (in_app), push
   * (only when they have a subscribed device) and email (batched later). A row no channel wants is not
   * written. Returns the people whose centre got a new row. One statement, inside the caller's transaction.
   */
  async insert(drafts: NotificationDraft[], tx: Tx): Promise<string[]> {
    if (drafts.length === 0) return [];
    const rows = await returningRows<{ personId: string; inApp: boolean }>(
      tx,
      `WITH d AS (
         SELECT d.*, coalesce(np.in_app, true) AS want_in_app, coalesce(np.push, true) AS want_push, coalesce(np.email, true) AS want_email,
                NOT (coalesce(np.only_on_duty, false) AND d.kind = ANY($2::text[]) AND NOT coalesce(d.on_duty, false)) AS allowed
           FROM json_to_recordset($1::json) AS d(person_id uuid, kind text, event_key text, actor_id uuid, conversation_id bigint, title text, body text, url text, on_duty boolean)
           JOIN person p ON p.id = d.person_id AND p.active
           LEFT JOIN notification_preference np ON np.person_id = d.person_id AND np.kind = d.kind
       ), c AS (
         SELECT d.*, d.allowed AND d.want_in_app AS in_app,
                d.allowed AND d.want_push AND EXISTS (SELECT 1 FROM push_subscription s WHERE s.person_id = d.person_id) AS push_pending,
                d.allowed AND d.want_email AS email_pending
           FROM d
       )
       INSERT INTO notification (person_id, kind, event_key, actor_id, conversation_id, title, body, url, in_app, push_pending, email_pending)
       SELECT c.person_id, c.kind, c.event_key, c.actor_id, c.conversation_id, c.title, c.body, c.url, c.in_app, c.push_pending, c.email_pending
         FROM c WHERE c.in_app OR c.push_pending OR c.email_pending
       ON CONFLICT ON CONSTRAINT "UQ_notification_event" DO NOTHING
       RETURNING person_id::text AS "personId", in_app AS "inApp"`,
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
            on_duty: draft.onDuty ?? false,
          })),
        ),
        [...NEW_MAIL_KINDS],
      ],
    );
    return [...new Set(rows.filter((row) => row.inApp).map((row) => row.personId))];
  }

  async list(personId: string, limit: number): Promise<NotificationDto[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT n.id::text, n.kind, n.title, n.body, n.url, n.actor_id::text AS "actorId", a.name AS "actorName", n.created_at AS "createdAt", n.read_at AS "readAt"
         FROM notification n LEFT JOIN person a ON a.id = n.actor_id
        WHERE n.person_id = $1 AND n.in_app
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
    const [row] = await this.transactions.manager.query(`SELECT count(*)::int AS count FROM notification WHERE person_id = $1 AND read_at IS NULL AND in_app`, [personId]);
    return (row as { count: number }).count;
  }

  /** Marks one of the person's notifications read; false when there is no such notification of theirs. */
  async markRead(id: string, personId: string, at: Date, tx: Tx): Promise<boolean> {
    const [row] = await tx.query(`SELECT id FROM notification WHERE id = $1 AND person_id = $2 AND in_app`, [id, personId]);
    if (!row) return false;
    await tx.query(`UPDATE notification SET read_at = $3 WHERE id = $1 AND person_id = $2 AND read_at IS NULL`, [id, personId, at]);
    return true;
  }

  async markAllRead(personId: string, at: Date, tx: Tx): Promise<number> {
    const rows = await returningRows<{ id: string }>(tx, `UPDATE notification SET read_at = $2 WHERE person_id = $1 AND read_at IS NULL AND in_app RETURNING id::text`, [personId, at]);
    return rows.length;
  }

  /** The kinds someone changed from the defaults, with every channel's setting. */
  async preferenceRows(personId: string): Promise<(NotificationPreferenceDto & { kind: NotificationKind })[]> {
    return (await this.transactions.manager.query(
      `SELECT kind, in_app AS "inApp", push, email, only_on_duty AS "onlyOnDuty" FROM notification_preference WHERE person_id = $1`,
      [personId],
    )) as (NotificationPreferenceDto & { kind: NotificationKind })[];
  }

  /** Stores whole preferences per kind (the service merges a partial change with the current ones). */
  async setPreferences(personId: string, preferences: (NotificationPreferenceDto & { kind: NotificationKind })[], tx: Tx): Promise<void> {
    if (preferences.length === 0) return;
    await tx.query(
      `INSERT INTO notification_preference (person_id, kind, in_app, push, email, only_on_duty)
       SELECT $1, p.kind, p.in_app, p.push, p.email, p.only_on_duty
         FROM json_to_recordset($2::json) AS p(kind text, in_app boolean, push boolean, email boolean, only_on_duty boolean)
       ON CONFLICT (person_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, push = EXCLUDED.push, email = EXCLUDED.email, only_on_duty = EXCLUDED.only_on_duty, updated_at = now()`,
      [
        personId,
        JSON.stringify(
          preferences.map((preference) => ({ kind: preference.kind, in_app: preference.inApp, push: preference.push, email: preference.email, only_on_duty: preference.onlyOnDuty })),
        ),
      ],
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
