import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateHandoffNote1764500000003 implements MigrationInterface {
  name = 'CreateHandoffNote1764500000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "handoff_note" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rotation_id" uuid NOT NULL,
        "duty_date" text NOT NULL,
        "author_id" uuid NOT NULL,
        "text" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_handoff_note" PRIMARY KEY ("id"),
        CONSTRAINT "FK_handoff_note_rotation" FOREIGN KEY ("rotation_id") REFERENCES "rotation"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "handoff_note"`);
  }
}
