import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConversations1764400000002 implements MigrationInterface {
  name = 'CreateConversations1764400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "contact" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "name" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_contact" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_contact_email" UNIQUE ("email")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "conversation" (
        "id" BIGSERIAL NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "contact_id" uuid NOT NULL,
        "subject" text NOT NULL,
        "base_subject" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "assignee_id" uuid,
        "snoozed_until" timestamptz,
        "waiting_since" timestamptz,
        "last_message_at" timestamptz NOT NULL,
        "message_count" integer NOT NULL DEFAULT 0,
        "participants" text array NOT NULL DEFAULT '{}',
        "thread_token" text NOT NULL,
        "version" integer NOT NULL DEFAULT 0,
        "preview" text NOT NULL DEFAULT '',
        "preview_truncated" boolean NOT NULL DEFAULT false,
        "preview_message_id" bigint,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_conversation_thread_token" UNIQUE ("thread_token"),
        CONSTRAINT "CHK_conversation_status" CHECK ("status" IN ('open', 'pending', 'snoozed', 'closed', 'spam')),
        CONSTRAINT "FK_conversation_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_conversation_contact" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_conversation_assignee" FOREIGN KEY ("assignee_id") REFERENCES "person"("id") ON DELETE SET NULL
      )
    `);
    // The inbox lists by recent activity, overall and per mailbox and status.
    await queryRunner.query(`CREATE INDEX "IDX_conversation_activity" ON "conversation" ("last_message_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_mailbox_status_activity" ON "conversation" ("mailbox_id", "status", "last_message_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_contact" ON "conversation" ("contact_id")`);
    // Subject threading looks for a recent conversation of the same mailbox with the same base subject.
    await queryRunner.query(`CREATE INDEX "IDX_conversation_subject_match" ON "conversation" ("mailbox_id", "base_subject")`);

    await queryRunner.query(`
      CREATE TABLE "message" (
        "id" BIGSERIAL NOT NULL,
        "conversation_id" bigint NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "raw_message_id" bigint,
        "direction" text NOT NULL,
        "kind" text NOT NULL,
        "message_id_header" text,
        "message_key" text,
        "content_hash" text,
        "message_id_reused" boolean NOT NULL DEFAULT false,
        "in_reply_to" text array NOT NULL DEFAULT '{}',
        "references" text array NOT NULL DEFAULT '{}',
        "from_address" text,
        "from_name" text,
        "reply_to" jsonb NOT NULL DEFAULT '[]',
        "to_addresses" jsonb NOT NULL DEFAULT '[]',
        "cc_addresses" jsonb NOT NULL DEFAULT '[]',
        "subject" text NOT NULL,
        "sent_at" timestamptz,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "text" text NOT NULL,
        "html" text,
        "new_text_start" integer NOT NULL DEFAULT 0,
        "new_text_end" integer NOT NULL DEFAULT 0,
        "thread_rule" text NOT NULL,
        "decoding_issues" text array NOT NULL DEFAULT '{}',
        "send_status" text,
        "send_attempts" integer NOT NULL DEFAULT 0,
        "author_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_message" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_message_key_content" UNIQUE ("mailbox_id", "message_key", "content_hash"),
        CONSTRAINT "CHK_message_direction" CHECK ("direction" IN ('in', 'out')),
        CONSTRAINT "CHK_message_kind" CHECK ("kind" IN ('email', 'note', 'auto_reply', 'bounce', 'activity')),
        CONSTRAINT "FK_message_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_message_raw_message" FOREIGN KEY ("raw_message_id") REFERENCES "raw_message"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_message_author" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE SET NULL
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_message_conversation" ON "message" ("conversation_id", "id")`);
    // Threading looks messages up by Message-ID within a mailbox.
    await queryRunner.query(`CREATE INDEX "IDX_message_key" ON "message" ("mailbox_id", "message_key")`);
    await queryRunner.query(`CREATE INDEX "IDX_message_raw" ON "message" ("raw_message_id")`);

    await queryRunner.query(`
      CREATE TABLE "attachment" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "message_id" bigint NOT NULL,
        "filename" text,
        "content_type" text NOT NULL,
        "size" integer NOT NULL,
        "sha256" bytea NOT NULL,
        "content_id" text,
        "disposition" text NOT NULL,
        "bytes" bytea NOT NULL,
        CONSTRAINT "PK_attachment" PRIMARY KEY ("id"),
        CONSTRAINT "FK_attachment_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_attachment_message" ON "attachment" ("message_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attachment"`);
    await queryRunner.query(`DROP TABLE "message"`);
    await queryRunner.query(`DROP TABLE "conversation"`);
    await queryRunner.query(`DROP TABLE "contact"`);
  }
}
