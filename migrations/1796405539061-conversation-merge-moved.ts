import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a merge moved besides messages (issue #16): the ids of the quotes, notifications, issue
 * links, fix replies and earlier merges it moved from the absorbed conversation, and the rows the
 * absorbed conversation lost because the older one already had their like (an issue link both had,
 * the fix reply drafted for it, each person's read state). Undo puts exactly these back.
 * Merges recorded before this column have `{}`: their undo moves the messages and their quotes, as before.
 */
export class ConversationMergeMoved1796405539061 implements MigrationInterface {
  name = 'ConversationMergeMoved1796405539061';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversation_merge" ADD "moved" jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversation_merge" DROP COLUMN "moved"`);
  }
}
