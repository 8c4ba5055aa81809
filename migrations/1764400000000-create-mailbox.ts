import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMailbox1764400000000 implements MigrationInterface {
  name = 'CreateMailbox1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mailbox" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "address" text NOT NULL,
        "imap_host" text NOT NULL,
        "imap_port" integer NOT NULL,
        "imap_tls" boolean NOT NULL,
        "imap_user" text NOT NULL,
        "imap_password_enc" bytea NOT NULL,
        "smtp_host" text NOT NULL,
        "smtp_port" integer NOT NULL,
        "smtp_tls" boolean NOT NULL,
        "smtp_user" text NOT NULL,
        "smtp_password_enc" bytea NOT NULL,
        "allow_self_signed" boolean NOT NULL DEFAULT false,
        "folders" text array NOT NULL DEFAULT '{INBOX}',
        "poll_interval_seconds" integer NOT NULL DEFAULT 60,
        "sync_stage" text NOT NULL DEFAULT 'idle',
        "sync_started_at" timestamptz,
        "next_sync_at" timestamptz NOT NULL DEFAULT now(),
        "failure_count" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "last_success_at" timestamptz,
        "sync_progress" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mailbox" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_mailbox_sync_stage" CHECK ("sync_stage" IN ('idle', 'running', 'needs_reauth', 'failed'))
      )
    `);
    // The scheduler claims due mailboxes by stage and time.
    await queryRunner.query(`CREATE INDEX "IDX_mailbox_due" ON "mailbox" ("sync_stage", "next_sync_at")`);
    await queryRunner.query(`
      CREATE TABLE "mailbox_folder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mailbox_id" uuid NOT NULL,
        "path" text NOT NULL,
        "uid_validity" bigint,
        "last_uid" bigint NOT NULL DEFAULT 0,
        CONSTRAINT "PK_mailbox_folder" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_mailbox_folder_path" UNIQUE ("mailbox_id", "path"),
        CONSTRAINT "FK_mailbox_folder_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mailbox_folder"`);
    await queryRunner.query(`DROP TABLE "mailbox"`);
  }
}
