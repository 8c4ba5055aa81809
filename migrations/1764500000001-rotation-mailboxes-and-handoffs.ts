import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RotationMailboxesAndHandoffs1764500000001 implements MigrationInterface {
  name = 'RotationMailboxesAndHandoffs1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "rotation_mailbox" (
        "mailbox_id" uuid NOT NULL,
        "rotation_id" uuid NOT NULL,
        CONSTRAINT "PK_rotation_mailbox" PRIMARY KEY ("mailbox_id"),
        CONSTRAINT "FK_rotation_mailbox_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_rotation_mailbox_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
    // The unique (rotation, day) is the claim: of several processes, one inserts and hands off.
    await queryRunner.query(`
      CREATE TABLE "duty_handoff" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "duty_date" text NOT NULL,
        "person_id" uuid,
        "assigned_count" integer NOT NULL DEFAULT 0,
        "performed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_duty_handoff" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_duty_handoff_day" UNIQUE ("rotation_id", "duty_date"),
        CONSTRAINT "FK_duty_handoff_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "duty_handoff"`);
    await queryRunner.query(`DROP TABLE "rotation_mailbox"`);
  }
}
