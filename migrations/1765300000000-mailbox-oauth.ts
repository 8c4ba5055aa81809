import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailboxOauth1765300000000 implements MigrationInterface {
  name = 'MailboxOauth1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // How a mailbox signs in: a password, or OAuth 2.0 with one of the providers.
    await queryRunner.query(`ALTER TABLE "mailbox" ADD "auth_kind" text NOT NULL DEFAULT 'password'`);
    await queryRunner.query(
      `ALTER TABLE "mailbox" ADD CONSTRAINT "CHK_mailbox_auth_kind" CHECK ("auth_kind" IN ('password', 'google', 'microsoft', 'oauth_custom'))`,
    );
    // The client registration an admin made at the provider (one per provider); the secret sealed
    // with the provider name as associated data.
    await queryRunner.query(`
      CREATE TABLE "oauth_client" (
        "provider" text NOT NULL,
        "client_id" text NOT NULL,
        "client_secret_enc" bytea,
        "authorization_url" text,
        "token_url" text,
        "userinfo_url" text,
        "scopes" text,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_oauth_client" PRIMARY KEY ("provider"),
        CONSTRAINT "CHK_oauth_client_provider" CHECK ("provider" IN ('google', 'microsoft', 'oauth_custom'))
      )
    `);
    // A mailbox's tokens, sealed with the mailbox id as associated data. Refreshing locks this row,
    // so one process refreshes and the others read what it stored.
    await queryRunner.query(`
      CREATE TABLE "mailbox_oauth" (
        "mailbox_id" uuid NOT NULL,
        "provider" text NOT NULL,
        "refresh_token_enc" bytea,
        "access_token_enc" bytea,
        "access_expires_at" timestamptz,
        "refresh_count" integer NOT NULL DEFAULT 0,
        "refused_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mailbox_oauth" PRIMARY KEY ("mailbox_id"),
        CONSTRAINT "FK_mailbox_oauth_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE CASCADE
      )
    `);
    // One pending browser sign-in: single use (deleted when used), bound to the admin's session.
    await queryRunner.query(`
      CREATE TABLE "oauth_state" (
        "state_hash" bytea NOT NULL,
        "session_id" uuid NOT NULL,
        "person_id" uuid NOT NULL,
        "provider" text NOT NULL,
        "code_verifier_enc" bytea NOT NULL,
        "mailbox_id" uuid,
        "draft" jsonb NOT NULL DEFAULT '{}',
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_oauth_state" PRIMARY KEY ("state_hash"),
        CONSTRAINT "FK_oauth_state_session" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "oauth_state"`);
    await queryRunner.query(`DROP TABLE "mailbox_oauth"`);
    await queryRunner.query(`DROP TABLE "oauth_client"`);
    await queryRunner.query(`ALTER TABLE "mailbox" DROP CONSTRAINT "CHK_mailbox_auth_kind"`);
    await queryRunner.query(`ALTER TABLE "mailbox" DROP COLUMN "auth_kind"`);
  }
}
