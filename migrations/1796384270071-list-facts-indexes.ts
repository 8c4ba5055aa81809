import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each list row shows beside the conversation (unread customer mail, our latest reply) from
 * two small partial indexes, read index-only: customer mail by conversation and arrival, our replies
 * by conversation and time. Without them every row of a page read its messages from the table.
 */
export class ListFactsIndexes1796384270071 implements MigrationInterface {
  name = 'ListFactsIndexes1796384270071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_message_customer_mail" ON "message" ("conversation_id", "id") WHERE "direction" = 'in' AND "kind" = 'email'`);
    await queryRunner.query(`CREATE INDEX "IDX_message_reply_time" ON "message" ("conversation_id", "received_at") WHERE "direction" = 'out' AND "kind" = 'email'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_message_reply_time"`);
    await queryRunner.query(`DROP INDEX "IDX_message_customer_mail"`);
  }
}
