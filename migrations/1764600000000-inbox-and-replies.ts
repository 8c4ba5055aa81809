import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared inbox: full-text search over what customers wrote, trigram search over names,
 * addresses and subjects, the reply outbox (queued messages with their next attempt), activity
 * entries in the timeline, and each person's signature.
 */
export class InboxAndReplies1764600000000 implements MigrationInterface {
  name = 'InboxAndReplies1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension: the database owner may create it.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`ALTER TABLE "person" ADD COLUMN "signature" text NOT NULL DEFAULT ''`);

    // The words a customer wrote in this message (its new-text span), as a search vector; null for
    // our replies, notes, activity entries, auto-replies and bounces.
    await queryRunner.query(`ALTER TABLE "message" ADD COLUMN "search" tsvector`);
    await queryRunner.query(`ALTER TABLE "message" ADD COLUMN "send_error" text`);
    await queryRunner.query(`ALTER TABLE "message" ADD COLUMN "next_send_at" timestamptz`);
    await queryRunner.query(`ALTER TABLE "message" ADD COLUMN "activity" jsonb`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_send_status" CHECK ("send_status" IS NULL OR "send_status" IN ('queued', 'sent', 'failed'))`);
    await queryRunner.query(`CREATE INDEX "IDX_message_search" ON "message" USING gin ("search")`);
    // The outbox: queued replies by their next attempt.
    await queryRunner.query(`CREATE INDEX "IDX_message_outbox" ON "message" ("next_send_at") WHERE "send_status" = 'queued'`);
    await queryRunner.query(`
      UPDATE "message" SET "search" = to_tsvector('english', substring("text" FROM "new_text_start" + 1 FOR "new_text_end" - "new_text_start"))
      WHERE "direction" = 'in' AND "kind" = 'email'`);

    await queryRunner.query(`CREATE INDEX "IDX_contact_email_trgm" ON "contact" USING gin ("email" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_contact_name_trgm" ON "contact" USING gin ("name" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_subject_trgm" ON "conversation" USING gin ("subject" gin_trgm_ops)`);
    // Inbox views: by status, and by assignee and status, newest activity first.
    await queryRunner.query(`CREATE INDEX "IDX_conversation_status_activity" ON "conversation" ("status", "last_message_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_assignee_activity" ON "conversation" ("assignee_id", "status", "last_message_at", "id")`);
    // The snooze alarm clock.
    await queryRunner.query(`CREATE INDEX "IDX_conversation_snoozed" ON "conversation" ("snoozed_until") WHERE "status" = 'snoozed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_conversation_snoozed"`);
    await queryRunner.query(`DROP INDEX "IDX_conversation_assignee_activity"`);
    await queryRunner.query(`DROP INDEX "IDX_conversation_status_activity"`);
    await queryRunner.query(`DROP INDEX "IDX_conversation_subject_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_contact_name_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_contact_email_trgm"`);
    await queryRunner.query(`DROP INDEX "IDX_message_outbox"`);
    await queryRunner.query(`DROP INDEX "IDX_message_search"`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_send_status"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "activity"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "next_send_at"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "send_error"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "search"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "signature"`);
  }
}
