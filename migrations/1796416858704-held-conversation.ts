import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Undo send for a new conversation (issue #16): the email a person starts waits out their undo time
 * here, ready to be stored, before the conversation exists. Its number is taken from the
 * conversation sequence at once (`id`), so the person can be told "#123" and an undo leaves no empty
 * conversation behind (only a skipped number). The files it carries stay the person's uploads
 * (`upload_ids`) until it is released; undo hands them back to the dialog.
 */
export class HeldConversation1796416858704 implements MigrationInterface {
  name = 'HeldConversation1796416858704';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "held_conversation" (
        "id" bigint NOT NULL,
        "author_id" uuid NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "send_after" timestamptz NOT NULL,
        "upload_ids" uuid array NOT NULL DEFAULT '{}',
        "draft" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_held_conversation" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `ALTER TABLE "held_conversation" ADD CONSTRAINT "FK_held_conversation_author" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "held_conversation" ADD CONSTRAINT "FK_held_conversation_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_held_conversation_send_after" ON "held_conversation" ("send_after")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_held_conversation_send_after"`);
    await queryRunner.query(`ALTER TABLE "held_conversation" DROP CONSTRAINT "FK_held_conversation_mailbox"`);
    await queryRunner.query(`ALTER TABLE "held_conversation" DROP CONSTRAINT "FK_held_conversation_author"`);
    await queryRunner.query(`DROP TABLE "held_conversation"`);
  }
}
