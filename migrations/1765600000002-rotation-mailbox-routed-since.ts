import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Since when a rotation answers a mailbox: handoffs give the person on duty only conversations that
 * began since then; older open unassigned ones are offered to an admin, never assigned silently.
 * Existing links keep their behaviour for conversations already there (since = the epoch).
 */
export class RotationMailboxRoutedSince1765600000002 implements MigrationInterface {
  name = 'RotationMailboxRoutedSince1765600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rotation_mailbox" ADD "routed_since" timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`UPDATE "rotation_mailbox" SET "routed_since" = 'epoch'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rotation_mailbox" DROP COLUMN "routed_since"`);
  }
}
