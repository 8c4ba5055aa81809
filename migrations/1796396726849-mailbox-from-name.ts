import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * From name (issue #16): how our replies name their sender, per mailbox: the person's name
 * ("Ana"), the mailbox's ("Acme Support") or both ("Ana at Acme Support", the default).
 */
export class MailboxFromName1796396726849 implements MigrationInterface {
  name = 'MailboxFromName1796396726849';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mailbox" ADD "from_name" text NOT NULL DEFAULT 'both'`);
    await queryRunner.query(`ALTER TABLE "mailbox" ADD CONSTRAINT "CHK_mailbox_from_name" CHECK ("from_name" IN ('person', 'mailbox', 'both'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mailbox" DROP CONSTRAINT "CHK_mailbox_from_name"`);
    await queryRunner.query(`ALTER TABLE "mailbox" DROP COLUMN "from_name"`);
  }
}
