import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forwards (issue #16): a message or a whole conversation forwarded to someone outside the tool is
 * recorded in the conversation as its own kind of message, "forward" (who, to whom, when, the note
 * and what went), sent by the outbox like a reply but never counted as an answer to the customer.
 */
export class ForwardKind1796394774444 implements MigrationInterface {
  name = 'ForwardKind1796394774444';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_kind"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_kind" CHECK ("kind" IN ('email', 'note', 'auto_reply', 'bounce', 'bulk', 'activity', 'forward'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "message" SET "kind" = 'note' WHERE "kind" = 'forward'`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "CHK_message_kind"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "CHK_message_kind" CHECK ("kind" IN ('email', 'note', 'auto_reply', 'bounce', 'bulk', 'activity'))`);
  }
}
