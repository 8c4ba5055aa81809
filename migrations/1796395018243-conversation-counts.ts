import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The view counts (`GET /api/conversations/counts`) without reading every conversation: a counter
 * table kept by triggers on `conversation`, in the same transaction as the change, so a count is
 * never ahead of or behind the rows it counts, whatever path changed them (ingest, reply, bulk
 * actions, merge, a mailbox removed).
 *
 * The counter holds signed deltas per (mailbox, status, assignee), not one row per group: writers
 * only ever INSERT, so concurrent transactions never wait on (or deadlock over) a shared counter row.
 * A count is the sum of its group's rows; reading folds the rows into one per group now and then
 * (ReadStateRepository.compactCounts). Updates that leave mailbox, status and assignee as they were
 * (every new message touches its conversation) do not reach the trigger (its WHEN clause).
 *
 * A restore copies the counter as it was backed up, beside the conversations: while it copies, its
 * session sets `wholegrain.restoring` and the triggers stand aside (database/backup.ts).
 */
export class ConversationCounts1796395018243 implements MigrationInterface {
  name = 'ConversationCounts1796395018243';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "conversation_count" ("mailbox_id" uuid NOT NULL, "status" text NOT NULL, "assignee_id" uuid, "n" integer NOT NULL)`);
    await queryRunner.query(`
      CREATE FUNCTION conversation_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('wholegrain.restoring', true) = 'on' THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN
          INSERT INTO conversation_count (mailbox_id, status, assignee_id, n)
          SELECT mailbox_id, status, assignee_id, count(*) FROM new_rows GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO conversation_count (mailbox_id, status, assignee_id, n)
          SELECT mailbox_id, status, assignee_id, -count(*) FROM old_rows GROUP BY 1, 2, 3;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO conversation_count (mailbox_id, status, assignee_id, n)
          VALUES (OLD.mailbox_id, OLD.status, OLD.assignee_id, -1), (NEW.mailbox_id, NEW.status, NEW.assignee_id, 1);
        ELSIF TG_OP = 'TRUNCATE' THEN
          DELETE FROM conversation_count;
        END IF;
        RETURN NULL;
      END $$`);
    // Insert and delete once per statement (a sync batch, a mailbox removed): one delta per group.
    await queryRunner.query(
      `CREATE TRIGGER "TRG_conversation_count_insert" AFTER INSERT ON "conversation" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_rows()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_conversation_count_delete" AFTER DELETE ON "conversation" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_rows()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_conversation_count_update" AFTER UPDATE OF "mailbox_id", "status", "assignee_id" ON "conversation" FOR EACH ROW
       WHEN (OLD."mailbox_id" IS DISTINCT FROM NEW."mailbox_id" OR OLD."status" IS DISTINCT FROM NEW."status" OR OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id")
       EXECUTE FUNCTION conversation_count_rows()`,
    );
    await queryRunner.query(`CREATE TRIGGER "TRG_conversation_count_truncate" AFTER TRUNCATE ON "conversation" FOR EACH STATEMENT EXECUTE FUNCTION conversation_count_rows()`);
    // The triggers' lock on conversation holds writers off until this commits: the backfill misses nothing.
    await queryRunner.query(
      `INSERT INTO "conversation_count" ("mailbox_id", "status", "assignee_id", "n") SELECT "mailbox_id", "status", "assignee_id", count(*) FROM "conversation" GROUP BY 1, 2, 3`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TRG_conversation_count_truncate" ON "conversation"`);
    await queryRunner.query(`DROP TRIGGER "TRG_conversation_count_update" ON "conversation"`);
    await queryRunner.query(`DROP TRIGGER "TRG_conversation_count_delete" ON "conversation"`);
    await queryRunner.query(`DROP TRIGGER "TRG_conversation_count_insert" ON "conversation"`);
    await queryRunner.query(`DROP FUNCTION conversation_count_rows()`);
    await queryRunner.query(`DROP TABLE "conversation_count"`);
  }
}
