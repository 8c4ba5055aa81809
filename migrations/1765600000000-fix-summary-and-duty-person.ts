import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Close-the-loop drafts name the fix in words the team chose ("what we fixed", prefilled from the
 * issue's title), and a quote remembers who was on duty on the day its words arrived.
 */
export class FixSummaryAndDutyPerson1765600000000 implements MigrationInterface {
  name = 'FixSummaryAndDutyPerson1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "issue_link" ADD "fix_summary" text`);
    await queryRunner.query(`ALTER TABLE "issue_link" ADD CONSTRAINT "CHK_issue_link_fix_summary" CHECK (char_length("fix_summary") <= 500)`);
    await queryRunner.query(`ALTER TABLE "quote" ADD "duty_person_id" uuid`);
    await queryRunner.query(`ALTER TABLE "quote" ADD CONSTRAINT "FK_quote_duty_person" FOREIGN KEY ("duty_person_id") REFERENCES "person"("id") ON DELETE SET NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "quote" DROP CONSTRAINT "FK_quote_duty_person"`);
    await queryRunner.query(`ALTER TABLE "quote" DROP COLUMN "duty_person_id"`);
    await queryRunner.query(`ALTER TABLE "issue_link" DROP CONSTRAINT "CHK_issue_link_fix_summary"`);
    await queryRunner.query(`ALTER TABLE "issue_link" DROP COLUMN "fix_summary"`);
  }
}
