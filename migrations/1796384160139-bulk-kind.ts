import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Newsletters and list mail get their own message kind and conversation status, "bulk", instead of
 * passing as auto-replies that open closed conversations. Existing messages keep their kind: what
 * was stored is not re-classified by guesswork.
 */
export class BulkKind1796384160139 implements MigrationInterface {
  name = 'BulkKind1796384160139';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_kind"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_kind" CHECK ("kind" IN ('email', 'note', 'auto_reply', 'bounce', 'bulk', 'activity'))`);
    await queryRunner.query(`ALTER TABLE "conversation" DROP CONSTRAINT "CHK_conversation_status"`);
    await queryRunner.query(`ALTER TABLE "conversation" ADD CONSTRAINT "CHK_conversation_status" CHECK ("status" IN ('open', 'pending', 'snoozed', 'closed', 'spam', 'bulk'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "message" SET "kind" = 'auto_reply' WHERE "kind" = 'bulk'`);
    await queryRunner.query(`UPDATE "conversation" SET "status" = 'closed' WHERE "status" = 'bulk'`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_kind"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_kind" CHECK ("kind" IN ('email', 'note', 'auto_reply', 'bounce', 'activity'))`);
    await queryRunner.query(`ALTER TABLE "conversation" DROP CONSTRAINT "CHK_conversation_status"`);
    await queryRunner.query(`ALTER TABLE "conversation" ADD CONSTRAINT "CHK_conversation_status" CHECK ("status" IN ('open', 'pending', 'snoozed', 'closed', 'spam'))`);
  }
}
