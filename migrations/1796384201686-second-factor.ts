import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in: a TOTP seed per person (sealed with the secret box, the person id as
 * associated data), passkeys (WebAuthn public keys), one-time recovery codes (only an HMAC of each
 * is stored), and the half-signed-in state between the password and the second step (its own
 * short-lived cookie; it is not a session and opens no API). A session made while the admins
 * require a second factor from someone who has none can only enrol one.
 */
export class SecondFactor1796384201686 implements MigrationInterface {
  name = 'SecondFactor1796384201686';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "totp_credential" (
        "person_id" uuid NOT NULL,
        "secret_sealed" bytea NOT NULL,
        "confirmed_at" timestamptz,
        "last_used_step" bigint,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_totp_credential" PRIMARY KEY ("person_id"),
        CONSTRAINT "FK_totp_credential_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "passkey_credential" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "credential_id" text NOT NULL,
        "public_key" bytea NOT NULL,
        "counter" bigint NOT NULL DEFAULT 0,
        "transports" text[] NOT NULL DEFAULT '{}',
        "name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz,
        CONSTRAINT "PK_passkey_credential" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_passkey_credential_credential_id" UNIQUE ("credential_id"),
        CONSTRAINT "FK_passkey_credential_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_passkey_credential_person" ON "passkey_credential" ("person_id")`);
    await queryRunner.query(`
      CREATE TABLE "recovery_code" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL,
        "code_hash" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "used_at" timestamptz,
        CONSTRAINT "PK_recovery_code" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_recovery_code_person_hash" UNIQUE ("person_id", "code_hash"),
        CONSTRAINT "FK_recovery_code_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "pending_sign_in" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" bytea NOT NULL,
        "person_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "failures" integer NOT NULL DEFAULT 0,
        "challenge" text,
        "known_device" boolean NOT NULL DEFAULT false,
        "ip" text,
        "user_agent" text,
        CONSTRAINT "PK_pending_sign_in" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_pending_sign_in_token_hash" UNIQUE ("token_hash"),
        CONSTRAINT "FK_pending_sign_in_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_pending_sign_in_expires_at" ON "pending_sign_in" ("expires_at")`);
    await queryRunner.query(`ALTER TABLE "session" ADD "must_enrol_second_factor" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session" DROP COLUMN "must_enrol_second_factor"`);
    await queryRunner.query(`DROP TABLE "pending_sign_in"`);
    await queryRunner.query(`DROP TABLE "recovery_code"`);
    await queryRunner.query(`DROP TABLE "passkey_credential"`);
    await queryRunner.query(`DROP TABLE "totp_credential"`);
    await queryRunner.query(`DELETE FROM "app_setting" WHERE "key" = 'require_second_factor'`);
  }
}
