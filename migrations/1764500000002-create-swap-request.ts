import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSwapRequest1764500000002 implements MigrationInterface {
  name = 'CreateSwapRequest1764500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "swap_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "requester_id" uuid NOT NULL,
        "role" text NOT NULL,
        "date" text NOT NULL,
        "reason" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "taken_by" uuid,
        "taken_date" text,
        "duty_change_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "resolved_at" timestamptz,
        CONSTRAINT "PK_swap_request" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_swap_request_status" CHECK ("status" IN ('open', 'taken', 'cancelled')),
        CONSTRAINT "FK_swap_request_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "swap_request"`);
  }
}
