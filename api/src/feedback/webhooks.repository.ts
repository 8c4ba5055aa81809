import { Injectable } from '@nestjs/common';
import { returningRows, TransactionRunner, type Tx } from '../database/transaction.js';

/** Webhook secrets (sealed) and the deliveries seen, for replay protection. Parameterised SQL only. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async webhookSecret(tracker: string): Promise<Buffer | null> {
    const [row] = (await this.transactions.manager.query(`SELECT secret_enc AS "secret" FROM webhook_secret WHERE tracker = $1`, [tracker])) as { secret: Buffer }[];
    return row?.secret ?? null;
  }

  /** Creates or replaces a tracker's secret; true when one existed (a replacement). */
  async setWebhookSecret(tracker: string, sealed: Buffer, tx: Tx): Promise<boolean> {
    const [existing] = (await tx.query(`SELECT 1 FROM webhook_secret WHERE tracker = $1 FOR UPDATE`, [tracker])) as unknown[];
    await tx.query(
      `INSERT INTO webhook_secret (tracker, secret_enc) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "PK_webhook_secret" DO UPDATE SET secret_enc = EXCLUDED.secret_enc, created_at = now()`,
      [tracker, sealed],
    );
    return existing !== undefined;
  }

  /**
   * Records a delivery; false when it was seen before (a replay): the same delivery id, or the same
   * signed body under a new id (a tracker's "redeliver" sends the body again with a fresh id).
   */
  async recordDelivery(tracker: string, id: string, bodySha256: Buffer, tx: Tx): Promise<boolean> {
    const rows = await returningRows(tx, `INSERT INTO webhook_delivery (tracker, delivery_id, body_sha256) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING delivery_id`, [tracker, id, bodySha256]);
    return rows.length > 0;
  }
}
