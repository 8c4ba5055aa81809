import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSession1764300000001 implements MigrationInterface {
  name = 'CreateSession1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" bytea NOT NULL,
        "person_id" uuid NOT NULL,
        "csrf_token" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "ip" text,
        "user_agent" text,
        CONSTRAINT "PK_session" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_session_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "FK_session_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_session_person_id" ON "session" ("person_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_session_expires_at" ON "session" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "session"`);
  }
}
