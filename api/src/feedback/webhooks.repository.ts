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

  async setWebhookSecret(tracker: string, sealed: Buffer): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO webhook_secret (tracker, secret_enc) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "PK_webhook_secret" DO UPDATE SET secret_enc = EXCLUDED.secret_enc, created_at = now()`,
      [tracker, sealed],
    );
  }

  /** Records a delivery; false when it was seen before (a replay). */
  async recordDelivery(tracker: string, id: string, tx: Tx): Promise<boolean> {
    const rows = await returningRows(tx, `INSERT INTO webhook_delivery (tracker, delivery_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING delivery_id`, [tracker, id]);
    return rows.length > 0;
  }
}
