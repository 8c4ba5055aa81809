import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRotation1764500000000 implements MigrationInterface {
  name = 'CreateRotation1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Dates are stored as YYYY-MM-DD text: calendar days of the rotation's zone, never instants.
    await queryRunner.query(`
      CREATE TABLE "rotation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "time_zone" text NOT NULL,
        "working_days" smallint array NOT NULL,
        "holidays" text array NOT NULL DEFAULT '{}',
        "handoff_time" text NOT NULL,
        "days_per_turn" integer NOT NULL DEFAULT 1,
        "start_date" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_rotation" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_rotation_days_per_turn" CHECK ("days_per_turn" BETWEEN 1 AND 14)
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "rotation_member" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "role" text NOT NULL,
        "weight" double precision NOT NULL DEFAULT 1,
        CONSTRAINT "PK_rotation_member" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_rotation_member_person" UNIQUE ("rotation_id", "person_id"),
        CONSTRAINT "CHK_rotation_member_role" CHECK ("role" IN ('primary', 'buddy', 'shadow')),
        CONSTRAINT "CHK_rotation_member_weight" CHECK ("weight" > 0 AND "weight" <= 10),
        CONSTRAINT "FK_rotation_member_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_rotation_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "duty_change" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "role" text,
        "person_id" uuid NOT NULL,
        "date_from" text NOT NULL,
        "date_to" text NOT NULL,
        "other_person_id" uuid,
        "other_date" text,
        "redirect_to" uuid,
        "reason" text NOT NULL,
        "created_by" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "revoked_by" uuid,
        CONSTRAINT "PK_duty_change" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_duty_change_kind" CHECK ("kind" IN ('override', 'swap', 'absence')),
        CONSTRAINT "FK_duty_change_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "duty_change"`);
    await queryRunner.query(`DROP TABLE "rotation_member"`);
    await queryRunner.query(`DROP TABLE "rotation"`);
  }
}
