import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Undo send (issue #16). A reply may wait a few seconds before it enters the outbox: it is stored
 * `held` with its send-after time in `next_send_at`; the outbox worker releases it to `queued` once
 * that time has passed, and its author may take it back until then (`held_draft` keeps what the
 * composer had and what the conversation was before the reply, so undo can put both back).
 * Each person may choose the wait (0 to 30 seconds; 0 sends at once); null follows the instance
 * default (UNDO_SEND_SECONDS, 10 unless set).
 */
export class UndoSend1796394769456 implements MigrationInterface {
  name = 'UndoSend1796394769456';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_send_status"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_send_status" CHECK ("send_status" IS NULL OR "send_status" IN ('held', 'queued', 'sent', 'failed'))`);
    await queryRunner.query(`ALTER TABLE "message" ADD "held_draft" jsonb`);
    await queryRunner.query(`CREATE INDEX "IDX_message_held" ON "message" ("next_send_at") WHERE "send_status" = 'held'`);
    await queryRunner.query(`ALTER TABLE "person" ADD "undo_send_seconds" smallint`);
    await queryRunner.query(`ALTER TABLE "person" ADD CONSTRAINT "CHK_person_undo_send_seconds" CHECK ("undo_send_seconds" IS NULL OR "undo_send_seconds" BETWEEN 0 AND 30)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "CHK_person_undo_send_seconds"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "undo_send_seconds"`);
    await queryRunner.query(`DROP INDEX "IDX_message_held"`);
    // Held replies go out at once rather than being lost.
    await queryRunner.query(`UPDATE "message" SET "send_status" = 'queued' WHERE "send_status" = 'held'`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "held_draft"`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_send_status"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_send_status" CHECK ("send_status" IS NULL OR "send_status" IN ('queued', 'sent', 'failed'))`);
  }
}
