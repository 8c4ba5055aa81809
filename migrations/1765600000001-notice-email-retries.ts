import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Duty-reminder emails are retried with backoff like replies: attempts and the next try per notice. */
export class NoticeEmailRetries1765600000001 implements MigrationInterface {
  name = 'NoticeEmailRetries1765600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notice" ADD "email_attempts" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "notice" ADD "email_next_at" timestamptz`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_email_due" ON "notice" ("email_next_at") WHERE "email_status" = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_notice_email_due"`);
    await queryRunner.query(`ALTER TABLE "notice" DROP COLUMN "email_next_at"`);
    await queryRunner.query(`ALTER TABLE "notice" DROP COLUMN "email_attempts"`);
  }
}
