import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotice1764500000005 implements MigrationInterface {
  name = 'CreateNotice1764500000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The unique dedupe key is the claim: with several processes, one inserts the notice and sends its email.
    await queryRunner.query(`
      CREATE TABLE "notice" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "dedupe_key" text NOT NULL,
        "title" text NOT NULL,
        "body" text NOT NULL,
        "email_status" text NOT NULL DEFAULT 'pending',
        "email_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "read_at" timestamptz,
        CONSTRAINT "PK_notice" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_notice_dedupe" UNIQUE ("dedupe_key"),
        CONSTRAINT "CHK_notice_email_status" CHECK ("email_status" IN ('pending', 'sent', 'skipped', 'failed')),
        CONSTRAINT "FK_notice_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notice"`);
  }
}
