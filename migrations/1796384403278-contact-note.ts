import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer beside the conversation (issue #16): a free-text note about a customer that the
 * whole team shares, kept on the contact with who last changed it, when, and a version so two
 * people editing at once do not overwrite each other unnoticed.
 */
export class ContactNote1796384403278 implements MigrationInterface {
  name = 'ContactNote1796384403278';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact" ADD "note" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "contact" ADD "note_version" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "contact" ADD "note_updated_at" timestamptz`);
    await queryRunner.query(`ALTER TABLE "contact" ADD "note_updated_by" uuid`);
    await queryRunner.query(
      `ALTER TABLE "contact" ADD CONSTRAINT "FK_contact_note_updated_by" FOREIGN KEY ("note_updated_by") REFERENCES "person"("id") ON DELETE SET NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "FK_contact_note_updated_by"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "note_updated_by"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "note_updated_at"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "note_version"`);
    await queryRunner.query(`ALTER TABLE "contact" DROP COLUMN "note"`);
  }
}
