import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which API process watches a mailbox with IMAP IDLE: one connection per mailbox across every
 * instance (providers cap concurrent IMAP connections per account). The holder renews expires_at
 * every few seconds and deletes its rows on a clean stop; a row past expires_at is free to take,
 * which is how a process that died hands over. Times come from the database's clock.
 */
export class MailboxIdleLease1796384159710 implements MigrationInterface {
  name = 'MailboxIdleLease1796384159710';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "mailbox_idle_lease" (
        "mailbox_id" uuid NOT NULL,
        "holder" text NOT NULL,
        "acquired_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_mailbox_idle_lease" PRIMARY KEY ("mailbox_id"),
        CONSTRAINT "FK_mailbox_idle_lease_mailbox" FOREIGN KEY ("mailbox_id") REFERENCES "mailbox"("id") ON DELETE CASCADE
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "mailbox_idle_lease"`);
  }
}
