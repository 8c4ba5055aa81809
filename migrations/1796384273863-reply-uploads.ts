import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files picked, dropped or pasted into the composer before the reply is sent. Each is stored once
 * with its sha256; sending the reply moves it into `attachment` (of our outbound message), where the
 * outbox worker reads it as a MIME part. Uploads never sent are removed after a day.
 * Also: the Bcc of our replies (To and Cc already have columns).
 */
export class ReplyUploads1796384273863 implements MigrationInterface {
  name = 'ReplyUploads1796384273863';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "reply_upload" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "filename" text NOT NULL,
        "content_type" text NOT NULL,
        "size" integer NOT NULL,
        "sha256" bytea NOT NULL,
        "bytes" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_reply_upload" PRIMARY KEY ("id"),
        CONSTRAINT "FK_reply_upload_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_reply_upload_person" ON "reply_upload" ("person_id", "created_at")`);
    // Our replies' blind copies: in the SMTP envelope only, never in a header; kept so the team sees them.
    await queryRunner.query(`ALTER TABLE "message" ADD "bcc_addresses" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message" DROP COLUMN "bcc_addresses"`);
    await queryRunner.query(`DROP TABLE "reply_upload"`);
  }
}
