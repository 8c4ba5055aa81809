import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved replies (issue #16): text a person inserts into the composer by name. A reply with no owner
 * belongs to the team; one with an owner is that person's own. Names are unique, ignoring case, within
 * the team's replies and within each person's own (two expression indexes, one per scope).
 */
export class SavedReply1796400140445 implements MigrationInterface {
  name = 'SavedReply1796400140445';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "saved_reply" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "body" text NOT NULL,
        "owner_id" uuid,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_saved_reply" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_reply" ADD CONSTRAINT "FK_saved_reply_owner" FOREIGN KEY ("owner_id") REFERENCES "person"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_reply" ADD CONSTRAINT "FK_saved_reply_created_by" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_saved_reply_team_name" ON "saved_reply" (lower("name")) WHERE "owner_id" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_saved_reply_personal_name" ON "saved_reply" ("owner_id", lower("name")) WHERE "owner_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_saved_reply_personal_name"`);
    await queryRunner.query(`DROP INDEX "UQ_saved_reply_team_name"`);
    await queryRunner.query(`ALTER TABLE "saved_reply" DROP CONSTRAINT "FK_saved_reply_created_by"`);
    await queryRunner.query(`ALTER TABLE "saved_reply" DROP CONSTRAINT "FK_saved_reply_owner"`);
    await queryRunner.query(`DROP TABLE "saved_reply"`);
  }
}
