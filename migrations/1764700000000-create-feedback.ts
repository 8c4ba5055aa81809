import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback: quotes (exact spans of customer messages), themes, links to the issues that fix them,
 * the replies drafted when a fix ships, and signed webhooks from the trackers.
 */
export class CreateFeedback1764700000000 implements MigrationInterface {
  name = 'CreateFeedback1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "quote" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "message_id" bigint NOT NULL,
        "conversation_id" bigint NOT NULL,
        "start_offset" integer NOT NULL,
        "end_offset" integer NOT NULL,
        "text" text NOT NULL,
        "prefix" text NOT NULL,
        "suffix" text NOT NULL,
        "duty_date" date NOT NULL,
        "pinned_by" uuid,
        "pinned_at" timestamptz NOT NULL DEFAULT now(),
        "retracted_at" timestamptz,
        "retracted_by" uuid,
        CONSTRAINT "PK_quote" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_quote_span" CHECK ("start_offset" >= 0 AND "end_offset" > "start_offset"),
        CONSTRAINT "FK_quote_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_quote_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_quote_pinned_by" FOREIGN KEY ("pinned_by") REFERENCES "person"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_quote_retracted_by" FOREIGN KEY ("retracted_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_quote_message" ON "quote" ("message_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_quote_conversation" ON "quote" ("conversation_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_quote_pinned_at" ON "quote" ("pinned_at")`);
    // Quotes are never edited: only retracted.
    await queryRunner.query(`
      CREATE FUNCTION quote_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.text IS DISTINCT FROM OLD.text OR NEW.start_offset IS DISTINCT FROM OLD.start_offset OR NEW.end_offset IS DISTINCT FROM OLD.end_offset
           OR NEW.message_id IS DISTINCT FROM OLD.message_id OR NEW.prefix IS DISTINCT FROM OLD.prefix OR NEW.suffix IS DISTINCT FROM OLD.suffix THEN
          RAISE EXCEPTION 'a quote is never edited, only retracted';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "quote_immutable" BEFORE UPDATE ON "quote" FOR EACH ROW EXECUTE FUNCTION quote_immutable()`);

    await queryRunner.query(`
      CREATE TABLE "theme" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "description" text NOT NULL DEFAULT '',
        "phrases" text array NOT NULL DEFAULT '{}',
        "merged_into" uuid,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_theme" PRIMARY KEY ("id"),
        CONSTRAINT "FK_theme_merged_into" FOREIGN KEY ("merged_into") REFERENCES "theme"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_theme_created_by" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_theme_name_live" ON "theme" (lower("name")) WHERE "merged_into" IS NULL`);

    await queryRunner.query(`
      CREATE TABLE "quote_theme" (
        "quote_id" uuid NOT NULL,
        "theme_id" uuid NOT NULL,
        "tagged_by" uuid,
        "tagged_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_quote_theme" PRIMARY KEY ("quote_id", "theme_id"),
        CONSTRAINT "FK_quote_theme_quote" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_quote_theme_theme" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_quote_theme_tagged_by" FOREIGN KEY ("tagged_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_quote_theme_theme" ON "quote_theme" ("theme_id")`);

    await queryRunner.query(`
      CREATE TABLE "issue_link" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "tracker" text NOT NULL,
        "url" text NOT NULL,
        "external_id" text,
        "title" text,
        "state" text NOT NULL DEFAULT 'open',
        "fixed_at" timestamptz,
        "created_by" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_issue_link" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_issue_link_url" UNIQUE ("url"),
        CONSTRAINT "CHK_issue_link_tracker" CHECK ("tracker" IN ('github', 'gitlab', 'linear', 'jira', 'other')),
        CONSTRAINT "CHK_issue_link_state" CHECK ("state" IN ('open', 'fixed', 'wontfix')),
        CONSTRAINT "FK_issue_link_created_by" FOREIGN KEY ("created_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "issue_link_theme" (
        "issue_link_id" uuid NOT NULL,
        "theme_id" uuid NOT NULL,
        CONSTRAINT "PK_issue_link_theme" PRIMARY KEY ("issue_link_id", "theme_id"),
        CONSTRAINT "FK_issue_link_theme_issue" FOREIGN KEY ("issue_link_id") REFERENCES "issue_link"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_issue_link_theme_theme" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "issue_link_conversation" (
        "issue_link_id" uuid NOT NULL,
        "conversation_id" bigint NOT NULL,
        CONSTRAINT "PK_issue_link_conversation" PRIMARY KEY ("issue_link_id", "conversation_id"),
        CONSTRAINT "FK_issue_link_conversation_issue" FOREIGN KEY ("issue_link_id") REFERENCES "issue_link"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_issue_link_conversation_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_issue_link_conversation_conversation" ON "issue_link_conversation" ("conversation_id")`);

    // The replies drafted when a linked issue is fixed: one per issue and conversation.
    await queryRunner.query(`
      CREATE TABLE "fix_reply" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "issue_link_id" uuid NOT NULL,
        "conversation_id" bigint NOT NULL,
        "quote_id" uuid,
        "text" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_message_id" bigint,
        "sent_by" uuid,
        "sent_at" timestamptz,
        CONSTRAINT "PK_fix_reply" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_fix_reply_issue_conversation" UNIQUE ("issue_link_id", "conversation_id"),
        CONSTRAINT "CHK_fix_reply_status" CHECK ("status" IN ('draft', 'sent', 'discarded')),
        CONSTRAINT "FK_fix_reply_issue" FOREIGN KEY ("issue_link_id") REFERENCES "issue_link"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_fix_reply_conversation" FOREIGN KEY ("conversation_id") REFERENCES "conversation"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_fix_reply_quote" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_fix_reply_message" FOREIGN KEY ("sent_message_id") REFERENCES "message"("id") ON DELETE SET NULL,
        CONSTRAINT "FK_fix_reply_sent_by" FOREIGN KEY ("sent_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_fix_reply_status" ON "fix_reply" ("status", "created_at")`);

    // Webhook secrets (sealed like mailbox passwords) and the deliveries seen, so a replay changes nothing.
    await queryRunner.query(`
      CREATE TABLE "webhook_secret" (
        "tracker" text NOT NULL,
        "secret_enc" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_secret" PRIMARY KEY ("tracker")
      )`);
    await queryRunner.query(`
      CREATE TABLE "webhook_delivery" (
        "tracker" text NOT NULL,
        "delivery_id" text NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_delivery" PRIMARY KEY ("tracker", "delivery_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "app_setting" (
        "key" text NOT NULL,
        "value" jsonb NOT NULL,
        "updated_by" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_app_setting" PRIMARY KEY ("key"),
        CONSTRAINT "FK_app_setting_updated_by" FOREIGN KEY ("updated_by") REFERENCES "person"("id") ON DELETE SET NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['app_setting', 'webhook_delivery', 'webhook_secret', 'fix_reply', 'issue_link_conversation', 'issue_link_theme', 'issue_link', 'quote_theme', 'theme']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER "quote_immutable" ON "quote"`);
    await queryRunner.query(`DROP FUNCTION quote_immutable()`);
    await queryRunner.query(`DROP TABLE "quote"`);
  }
}
