import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_KINDS = `'new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed'`;
const NEW_KINDS = `${OLD_KINDS}, 'handoff_note'`;

export class NotificationChannels1796384196000 implements MigrationInterface {
  name = 'NotificationChannels1796384196000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A handoff note can be addressed to one teammate, who is then notified.
    await queryRunner.query(`ALTER TABLE "handoff_note" ADD "addressee_id" uuid`);
    await queryRunner.query(`ALTER TABLE "handoff_note" ADD CONSTRAINT "FK_handoff_note_addressee" FOREIGN KEY ("addressee_id") REFERENCES "person"("id") ON DELETE SET NULL`);

    for (const table of ['notification', 'notification_preference']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "CHK_${table}_kind"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "CHK_${table}_kind" CHECK ("kind" IN (${NEW_KINDS}))`);
    }

    // A notification row exists when any channel wants it: in_app says whether the centre shows it;
    // push and email are outboxes drained by the delivery worker (claimed with SKIP LOCKED).
    await queryRunner.query(`ALTER TABLE "notification" ADD "in_app" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "push_pending" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "email_pending" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "emailed_at" timestamptz`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_push_pending" ON "notification" ("created_at") WHERE "push_pending"`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_email_pending" ON "notification" ("person_id", "created_at") WHERE "email_pending"`);

    // Per kind and channel; no row still means the defaults (every channel on, at any time).
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD "push" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD "email" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD "only_on_duty" boolean NOT NULL DEFAULT false`);
    // Someone who turned a kind off before channels existed meant "not at all": keep it off everywhere.
    await queryRunner.query(`UPDATE "notification_preference" SET "push" = false, "email" = false WHERE NOT "in_app"`);

    // One browser (device) of one person subscribed to Web Push; the endpoint names the device.
    await queryRunner.query(`
      CREATE TABLE "push_subscription" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "endpoint" text NOT NULL,
        "p256dh" text NOT NULL,
        "auth" text NOT NULL,
        "user_agent" text NOT NULL DEFAULT '',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_success_at" timestamptz,
        CONSTRAINT "PK_push_subscription" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_push_subscription_endpoint" UNIQUE ("endpoint"),
        CONSTRAINT "FK_push_subscription_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);

    // When each person was last emailed their notifications: the batch claim locks this row.
    await queryRunner.query(`
      CREATE TABLE "notification_email_state" (
        "person_id" uuid NOT NULL,
        "last_sent_at" timestamptz,
        CONSTRAINT "PK_notification_email_state" PRIMARY KEY ("person_id"),
        CONSTRAINT "FK_notification_email_state_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_email_state"`);
    await queryRunner.query(`DROP TABLE "push_subscription"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP COLUMN "only_on_duty"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP COLUMN "email"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP COLUMN "push"`);
    await queryRunner.query(`DROP INDEX "IDX_notification_email_pending"`);
    await queryRunner.query(`DROP INDEX "IDX_notification_push_pending"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "emailed_at"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "email_pending"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "push_pending"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "in_app"`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind" = 'handoff_note'`);
    await queryRunner.query(`DELETE FROM "notification_preference" WHERE "kind" = 'handoff_note'`);
    for (const table of ['notification', 'notification_preference']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "CHK_${table}_kind"`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "CHK_${table}_kind" CHECK ("kind" IN (${OLD_KINDS}))`);
    }
    await queryRunner.query(`ALTER TABLE "handoff_note" DROP CONSTRAINT "FK_handoff_note_addressee"`);
    await queryRunner.query(`ALTER TABLE "handoff_note" DROP COLUMN "addressee_id"`);
  }
}
