import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotificationPreference1765400000002 implements MigrationInterface {
  name = 'CreateNotificationPreference1765400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A row only where someone changed the default (every kind on); no row means "notify me".
    await queryRunner.query(`
      CREATE TABLE "notification_preference" (
        "person_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "in_app" boolean NOT NULL DEFAULT true,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notification_preference" PRIMARY KEY ("person_id", "kind"),
        CONSTRAINT "CHK_notification_preference_kind" CHECK ("kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed')),
        CONSTRAINT "FK_notification_preference_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_preference"`);
  }
}
