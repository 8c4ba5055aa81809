import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotification1765400000000 implements MigrationInterface {
  name = 'CreateNotification1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per recipient per event: the unique (person, event key) makes a second process's insert of
    // the same event a no-op, and rows are written in the same transaction as the event itself.
    await queryRunner.query(`
      CREATE TABLE "notification" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "event_key" text NOT NULL,
        "actor_id" uuid,
        "conversation_id" bigint,
        "title" text NOT NULL,
        "body" text NOT NULL DEFAULT '',
        "url" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "read_at" timestamptz,
        CONSTRAINT "PK_notification" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_notification_event" UNIQUE ("person_id", "event_key"),
        CONSTRAINT "CHK_notification_kind" CHECK ("kind" IN ('new_conversation', 'customer_reply', 'assigned', 'mention', 'swap_request', 'swap_answer', 'reply_failed')),
        CONSTRAINT "FK_notification_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_notification_actor" FOREIGN KEY ("actor_id") REFERENCES "person"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_notification_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE
      )
    `);
    // The centre lists a person's newest first and counts their unread ones.
    await queryRunner.query(`CREATE INDEX "IDX_notification_person_created" ON "notification" ("person_id", "created_at" DESC)`);
    await queryRunner.query(`CREATE INDEX "IDX_notification_unread" ON "notification" ("person_id") WHERE "read_at" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
