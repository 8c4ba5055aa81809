import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answered vs waiting: where a conversation goes after a reply (per mailbox: pending, stay open,
 * closed), and per person the last message each conversation held when they opened it (customer mail after it is unread).
 */
export class ReplyFlow1765500000000 implements MigrationInterface {
  name = 'ReplyFlow1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mailbox" ADD "after_reply" text NOT NULL DEFAULT 'pending'`);
    await queryRunner.query(`ALTER TABLE "mailbox" ADD CONSTRAINT "CHK_mailbox_after_reply" CHECK ("after_reply" IN ('pending', 'open', 'closed'))`);
    await queryRunner.query(`
      CREATE TABLE "conversation_read" (
        "person_id" uuid NOT NULL,
        "conversation_id" bigint NOT NULL,
        "read_through_message_id" bigint NOT NULL,
        "read_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_read" PRIMARY KEY ("person_id", "conversation_id"),
        CONSTRAINT "FK_conversation_read_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_conversation_read_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_read_conversation" ON "conversation_read" ("conversation_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conversation_read"`);
    await queryRunner.query(`ALTER TABLE "mailbox" DROP CONSTRAINT "CHK_mailbox_after_reply"`);
    await queryRunner.query(`ALTER TABLE "mailbox" DROP COLUMN "after_reply"`);
  }
}
