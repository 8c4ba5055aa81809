import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tracker webhooks apply only changes newer than the last one applied to an issue (`state_changed_at`),
 * and a delivery re-sent under a new id is recognised by the SHA-256 of its signed body.
 */
export class WebhookOrderingAndMemberActions1765700000000 implements MigrationInterface {
  name = 'WebhookOrderingAndMemberActions1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "issue_link" ADD "state_changed_at" timestamptz`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" ADD "body_sha256" bytea`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_webhook_delivery_body" ON "webhook_delivery" ("tracker", "body_sha256")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_webhook_delivery_body"`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery" DROP COLUMN "body_sha256"`);
    await queryRunner.query(`ALTER TABLE "issue_link" DROP COLUMN "state_changed_at"`);
  }
}
