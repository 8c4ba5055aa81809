import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rotations stay editable without re-planning the past: an edit takes effect from a date, and the
 * settings it replaced are kept here for the days before that date (`until`, exclusive). The rotation
 * row and its members hold the current settings; the duty calendar is still computed, never stored.
 */
export class RotationEarlierSettings1796384291071 implements MigrationInterface {
  name = 'RotationEarlierSettings1796384291071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "rotation_earlier_settings" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "until_date" text NOT NULL,
        "time_zone" text NOT NULL,
        "working_days" smallint array NOT NULL,
        "holidays" text array NOT NULL DEFAULT '{}',
        "handoff_time" text NOT NULL,
        "days_per_turn" integer NOT NULL,
        "members" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_rotation_earlier_settings" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_rotation_earlier_settings_until" UNIQUE ("rotation_id", "until_date"),
        CONSTRAINT "FK_rotation_earlier_settings_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rotation_earlier_settings"`);
  }
}
