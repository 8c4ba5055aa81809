import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';
import type { NotificationKind } from '../notifications/notifications.types.js';

export interface PushItem {
  id: string;
  personId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  createdAt: Date;
}

export interface StoredSubscription {
  id: string;
  personId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface EmailBatchItem {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  url: string;
  /** Read in the centre before the email went: not worth an email any more. */
  seen: boolean;
}

/** Batching window: at most one notification email per person per this interval. */
export const EMAIL_INTERVAL = "interval '5 minutes'";

@Injectable()
export class NotificationDeliveryRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  // ----- Web Push subscriptions

  /** Stores (or moves to this person) the subscription of one browser; the endpoint names the device. */
  async saveSubscription(values: { personId: string; endpoint: string; p256dh: string; auth: string; userAgent: string }): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO push_subscription (person_id, endpoint, p256dh, auth, user_agent) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_push_subscription_endpoint"
       DO UPDATE SET person_id = EXCLUDED.person_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, user_agent = EXCLUDED.user_agent`,
      [values.personId, values.endpoint, values.p256dh, values.auth, values.userAgent],
    );
  }

  async deleteSubscription(personId: string, endpoint: string): Promise<boolean> {
    return (await returningRows(this.transactions.manager, `DELETE FROM push_subscription WHERE person_id = $1 AND endpoint = $2 RETURNING id`, [personId, endpoint])).length > 0;
  }

  async deleteSubscriptionById(id: string): Promise<void> {
    await this.transactions.manager.query(`DELETE FROM push_subscription WHERE id = $1`, [id]);
  }

  async subscriptionsOf(personIds: string[]): Promise<StoredSubscription[]> {
    if (personIds.length === 0) return [];
    return (await this.transactions.manager.query(
      `SELECT id::text, person_id::text AS "personId", endpoint, p256dh, auth FROM push_subscription WHERE person_id = ANY($1::uuid[]) ORDER BY created_at`,
      [personIds],
    )) as StoredSubscription[];
  }

  async countSubscriptions(personId: string): Promise<number> {
    const [row] = (await this.transactions.manager.query(`SELECT count(*)::int AS count FROM push_subscription WHERE person_id = $1`, [personId])) as { count: number }[];
    return row!.count;
  }

  async markPushed(subscriptionId: string, at: Date): Promise<void> {
    await this.transactions.manager.query(`UPDATE push_subscription SET last_success_at = $2 WHERE id = $1`, [subscriptionId, at]);
  }

  /** Claims notifications waiting for push (SKIP LOCKED: each goes out from one process only). */
  async claimPush(limit: number): Promise<PushItem[]> {
    return returningRows<PushItem>(
      this.transactions.manager,
      `UPDATE notification n SET push_pending = false
         FROM (SELECT id FROM notification WHERE push_pending ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) claimed
        WHERE n.id = claimed.id
        RETURNING n.id::text, n.person_id::text AS "personId", n.kind, n.title, n.body, n.url, n.created_at AS "createdAt"`,
      [limit],
    );
  }

  // ----- Email batches

  /** People with notifications waiting whose batch is due: the oldest waited 5 minutes, and so did their last email. */
  async dueEmailRecipients(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.transactions.manager.query(
      `SELECT n.person_id::text AS "personId"
         FROM notification n
         LEFT JOIN notification_email_state s ON s.person_id = n.person_id
        WHERE n.email_pending
        GROUP BY n.person_id, s.last_sent_at
       HAVING min(n.created_at) <= $1::timestamptz - ${EMAIL_INTERVAL} AND (s.last_sent_at IS NULL OR s.last_sent_at <= $1::timestamptz - ${EMAIL_INTERVAL})
        LIMIT $2`,
      [now, limit],
    )) as { personId: string }[];
    return rows.map((row) => row.personId);
  }

  async ensureEmailState(personId: string): Promise<void> {
    await this.transactions.manager.query(`INSERT INTO notification_email_state (person_id) VALUES ($1) ON CONFLICT DO NOTHING`, [personId]);
  }

  /**
   * The claim, inside the batch's transaction: locks the person's state row (another process holding it
   * sends this batch) and checks again that their last email is 5 minutes old; then locks the waiting rows.
   */
  async claimEmailBatch(personId: string, now: Date, tx: Tx): Promise<{ person: { name: string; email: string; active: boolean }; items: EmailBatchItem[] } | null> {
    const [state] = (await tx.query(
      `SELECT s.last_sent_at FROM notification_email_state s
        WHERE s.person_id = $1 AND (s.last_sent_at IS NULL OR s.last_sent_at <= $2::timestamptz - ${EMAIL_INTERVAL})
        FOR UPDATE SKIP LOCKED`,
      [personId, now],
    )) as unknown[];
    if (!state) return null;
    const items = (await tx.query(
      `SELECT id::text, kind, title, body, url, (in_app AND read_at IS NOT NULL) AS seen FROM notification
        WHERE person_id = $1 AND email_pending ORDER BY created_at, notification.id FOR UPDATE`,
      [personId],
    )) as EmailBatchItem[];
    if (items.length === 0) return null;
    const [person] = (await tx.query(`SELECT name, email, active FROM person WHERE id = $1`, [personId])) as { name: string; email: string; active: boolean }[];
    return person ? { person, items } : null;
  }

  /** After the send (or when nothing is worth sending): the rows leave the queue; `sentAt` stamps those emailed. */
  async finishEmailBatch(personId: string, itemIds: string[], emailedIds: string[], at: Date, tx: Tx): Promise<void> {
    await tx.query(`UPDATE notification SET email_pending = false, emailed_at = CASE WHEN id = ANY($3::uuid[]) THEN $4::timestamptz END WHERE person_id = $1 AND id = ANY($2::uuid[])`, [
      personId,
      itemIds,
      emailedIds,
      at,
    ]);
    if (emailedIds.length > 0) await tx.query(`UPDATE notification_email_state SET last_sent_at = $2 WHERE person_id = $1`, [personId, at]);
  }

  /** A failed send waits a whole interval before the next try (the rows stay queued). */
  async postponeEmail(personId: string, at: Date, tx: Tx): Promise<void> {
    await tx.query(`UPDATE notification_email_state SET last_sent_at = $2 WHERE person_id = $1`, [personId, at]);
  }
}
