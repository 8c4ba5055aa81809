import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCalendarFeed1764500000004 implements MigrationInterface {
  name = 'CreateCalendarFeed1764500000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_feed" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" bytea NOT NULL,
        "owner_id" uuid NOT NULL,
        "rotation_id" uuid,
        "person_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        CONSTRAINT "PK_calendar_feed" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_calendar_feed_token" UNIQUE ("token_hash"),
        CONSTRAINT "CHK_calendar_feed_subject" CHECK (("rotation_id" IS NULL) <> ("person_id" IS NULL)),
        CONSTRAINT "FK_calendar_feed_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_calendar_feed_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_feed"`);
  }
}
