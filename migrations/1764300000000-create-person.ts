import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePerson1764300000000 implements MigrationInterface {
  name = 'CreatePerson1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "person" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "email" text NOT NULL,
        "password_hash" text NOT NULL,
        "access" text NOT NULL,
        "support_role" text NOT NULL,
        "time_zone" text NOT NULL,
        "working_days" smallint array NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_person" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_person_email" UNIQUE ("email"),
        CONSTRAINT "CHK_person_access" CHECK ("access" IN ('admin', 'member')),
        CONSTRAINT "CHK_person_support_role" CHECK ("support_role" IN ('founder', 'programmer', 'designer', 'support')),
        CONSTRAINT "CHK_person_working_days" CHECK ("working_days" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[])
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "person"`);
  }
}
