import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRawMessage1764400000001 implements MigrationInterface {
  name = 'CreateRawMessage1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign key to mailbox: raw mail outlives a removed mailbox (nothing is ever lost).
    await queryRunner.query(`
      CREATE TABLE "raw_message" (
        "id" BIGSERIAL NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "folder_path" text NOT NULL,
        "uid_validity" bigint NOT NULL,
        "uid" bigint NOT NULL,
        "bytes" bytea NOT NULL,
        "sha256" bytea NOT NULL,
        "size" integer NOT NULL,
        "internal_date" timestamptz,
        "fetched_at" timestamptz NOT NULL DEFAULT now(),
        "state" text NOT NULL DEFAULT 'pending',
        "reason" text,
        "attempts" integer NOT NULL DEFAULT 0,
        "processed_at" timestamptz,
        CONSTRAINT "PK_raw_message" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_raw_message_source" UNIQUE ("mailbox_id", "folder_path", "uid_validity", "uid"),
        CONSTRAINT "CHK_raw_message_state" CHECK ("state" IN ('pending', 'processed', 'duplicate', 'quarantined'))
      )
    `);
    // Raw bytes are already compressed or binary often enough; keep them out of line without recompression.
    await queryRunner.query(`ALTER TABLE "raw_message" ALTER COLUMN "bytes" SET STORAGE EXTERNAL`);
    // Processing picks pending rows in id order.
    await queryRunner.query(`CREATE INDEX "IDX_raw_message_state" ON "raw_message" ("state", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "raw_message"`);
  }
}
