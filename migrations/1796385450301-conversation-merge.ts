import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merge and split (issue #16). A merge moves the newer conversation's messages into the older one
 * and removes the newer row; this table keeps what undo needs (both rows as they were, the moved
 * messages, the version the merged conversation had right after) and the absorbed conversation's
 * thread token, so a reply carrying it still threads into the merged conversation.
 */
export class ConversationMerge1796385450301 implements MigrationInterface {
  name = 'ConversationMerge1796385450301';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "conversation_merge" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "into_id" bigint NOT NULL,
        "absorbed_id" bigint NOT NULL,
        "absorbed_thread_token" text NOT NULL,
        "absorbed" jsonb NOT NULL,
        "into_before" jsonb NOT NULL,
        "into_version" integer NOT NULL,
        "message_ids" bigint array NOT NULL,
        "merged_by" uuid,
        "merged_at" timestamptz NOT NULL DEFAULT now(),
        "undone_at" timestamptz,
        CONSTRAINT "PK_conversation_merge" PRIMARY KEY ("id"),
        CONSTRAINT "FK_conversation_merge_into" FOREIGN KEY ("into_id") REFERENCES "conversation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_conversation_merge_merged_by" FOREIGN KEY ("merged_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_merge_token" ON "conversation_merge" ("absorbed_thread_token")`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_merge_into" ON "conversation_merge" ("into_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "conversation_merge"`);
  }
}
