import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New words, exactly (issue #14): a message says whether its new-text span holds interleaved answers
 * (with quoted lines between them) or a forward; a pinned quote is flagged when a re-computed span no
 * longer contains it (its text and offsets never change); and re-processing runs record their progress.
 */
export class NewTextReprocessing1765000000000 implements MigrationInterface {
  name = 'NewTextReprocessing1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" ADD "new_text_interleaved" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "message" ADD "new_text_forwarded" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "quote" ADD "outside_new_text" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE "new_text_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" text NOT NULL DEFAULT 'running',
        "started_by" uuid,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "heartbeat_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        "cursor" bigint NOT NULL DEFAULT 0,
        "total" integer NOT NULL DEFAULT 0,
        "processed" integer NOT NULL DEFAULT 0,
        "changed" integer NOT NULL DEFAULT 0,
        "quotes_flagged" integer NOT NULL DEFAULT 0,
        "error" text,
        CONSTRAINT "PK_new_text_run" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_new_text_run_status" CHECK ("status" IN ('running', 'done', 'failed')),
        CONSTRAINT "FK_new_text_run_started_by" FOREIGN KEY ("started_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    // At most one run at a time: starting one is inserting this row.
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_new_text_run_running" ON "new_text_run" ("status") WHERE "status" = 'running'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "new_text_run"`);
    await queryRunner.query(`ALTER TABLE "quote" DROP COLUMN "outside_new_text"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "new_text_forwarded"`);
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "new_text_interleaved"`);
  }
}
