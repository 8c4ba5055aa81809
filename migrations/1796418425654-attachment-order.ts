import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order of a message's files. Attachment ids are random uuids, so "ORDER BY id" showed and sent
 * a message's files in a random order. `seq` numbers rows as they are inserted: inbound files in
 * their MIME order, a reply's in the order they were attached, a forward's in the originals' order.
 * Existing rows are numbered in the order the table holds them (the order they were written).
 */
export class AttachmentOrder1796418425654 implements MigrationInterface {
  name = 'AttachmentOrder1796418425654';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachment" ADD "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "seq"`);
  }
}
