import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePasswordReset1765200000002 implements MigrationInterface {
  name = 'CreatePasswordReset1765200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Only the SHA-256 of a reset token is stored; used_at makes it single-use.
    await queryRunner.query(`
      CREATE TABLE "password_reset" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "token_hash" bytea NOT NULL,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        CONSTRAINT "PK_password_reset" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_password_reset_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "FK_password_reset_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_password_reset_created_by" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_password_reset_person" ON "password_reset" ("person_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_reset"`);
  }
}
