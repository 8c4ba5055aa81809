import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duty report reads a period's mail and status changes per mailbox: a partial covering index
 * (mailbox, time; with conversation, direction, kind, send status and the activity) lets it read
 * them without touching the message bodies. Customer text is not in it.
 */
export class MessageReportIndex1796384762465 implements MigrationInterface {
  name = 'MessageReportIndex1796384762465';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_message_report" ON "message" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "direction", "kind", "send_status", "activity") WHERE "kind" IN ('email', 'activity')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_message_report"`);
  }
}
