import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A btree entry must fit a third of a page (~2,700 bytes), and customers choose these values: a
 * 3,000-character subject failed its insert ("index row size … exceeds btree maximum") and the
 * mail was quarantined. Every btree index on customer-controlled text now holds md5 of the text
 * (32 characters, whatever its length); queries compare md5 first (index) and the text itself
 * (exactness). md5 is only a bucket here, not a security boundary: to collide with someone's
 * address or Message-ID a sender would need a second preimage.
 */
export class BoundCustomerTextIndexes1765200000001 implements MigrationInterface {
  name = 'BoundCustomerTextIndexes1765200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_conversation_subject_match"`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_subject_match" ON "conversation" ("mailbox_id", md5("base_subject"))`);
    await queryRunner.query(`DROP INDEX "IDX_message_key"`);
    await queryRunner.query(`CREATE INDEX "IDX_message_key" ON "message" ("mailbox_id", md5("message_key"))`);
    await queryRunner.query(`ALTER TABLE "message" DROP CONSTRAINT "UQ_message_key_content"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_message_key_content" ON "message" ("mailbox_id", md5("message_key"), "content_hash")`);
    await queryRunner.query(`ALTER TABLE "contact" DROP CONSTRAINT "UQ_contact_email"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_contact_email" ON "contact" (md5("email"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_contact_email"`);
    await queryRunner.query(`ALTER TABLE "contact" ADD CONSTRAINT "UQ_contact_email" UNIQUE ("email")`);
    await queryRunner.query(`DROP INDEX "UQ_message_key_content"`);
    await queryRunner.query(`ALTER TABLE "message" ADD CONSTRAINT "UQ_message_key_content" UNIQUE ("mailbox_id", "message_key", "content_hash")`);
    await queryRunner.query(`DROP INDEX "IDX_message_key"`);
    await queryRunner.query(`CREATE INDEX "IDX_message_key" ON "message" ("mailbox_id", "message_key")`);
    await queryRunner.query(`DROP INDEX "IDX_conversation_subject_match"`);
    await queryRunner.query(`CREATE INDEX "IDX_conversation_subject_match" ON "conversation" ("mailbox_id", "base_subject")`);
  }
}
