import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The founder digest: who receives it and how often, and each digest sent (exactly once per person and period). */
export class CreateDigest1764800000000 implements MigrationInterface {
  name = 'CreateDigest1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "digest_subscription" (
        "person_id" uuid NOT NULL,
        "enabled" boolean NOT NULL,
        "frequency" text NOT NULL DEFAULT 'weekly',
        "unsubscribe_token" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_digest_subscription" PRIMARY KEY ("person_id"),
        CONSTRAINT "UQ_digest_subscription_token" UNIQUE ("unsubscribe_token"),
        CONSTRAINT "CHK_digest_subscription_frequency" CHECK ("frequency" IN ('weekly', 'daily')),
        CONSTRAINT "FK_digest_subscription_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )`);
    // One row per recipient and period: inserting it is the claim, so two API processes never both send.
    await queryRunner.query(`
      CREATE TABLE "digest" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "period_start" timestamptz NOT NULL,
        "period_end" timestamptz NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_error" text,
        "subject" text NOT NULL,
        "text" text NOT NULL,
        "html" text NOT NULL,
        "content" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CONSTRAINT "PK_digest" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_digest_person_period" UNIQUE ("person_id", "period_end"),
        CONSTRAINT "CHK_digest_status" CHECK ("status" IN ('pending', 'sent', 'failed', 'skipped')),
        CONSTRAINT "FK_digest_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_digest_due" ON "digest" ("next_attempt_at") WHERE "status" = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "digest"`);
    await queryRunner.query(`DROP TABLE "digest_subscription"`);
  }
}
