import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEvent1764300000002 implements MigrationInterface {
  name = 'CreateAuditEvent1764300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_event" (
        "id" BIGSERIAL NOT NULL,
        "occurred_at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" uuid,
        "action" text NOT NULL,
        "target_type" text,
        "target_id" text,
        "ip" text,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT "PK_audit_event" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_event_occurred_at" ON "audit_event" ("occurred_at")`);
    // Sign-in throttling counts recent failures per account and per address.
    await queryRunner.query(`CREATE INDEX "IDX_audit_event_action_target" ON "audit_event" ("action", "target_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_event_action_ip" ON "audit_event" ("action", "ip", "occurred_at")`);
    // Append-only: the application never rewrites history.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
