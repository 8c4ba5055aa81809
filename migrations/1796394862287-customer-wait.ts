import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duty report's summary (issue #18): one narrow row per customer mail, with what the report
 * would otherwise find by sorting months of messages per conversation: our next reply after it,
 * the end of the customer's wait (our next reply, or the conversation closed or moved to spam or
 * bulk), the latest customer mail before it, and whether it is the conversation's first mail.
 *
 * The rows hold instants only (no duty days, no time zone), so editing a rotation changes nothing
 * here; the report buckets them into the rotation's duty days when it reads them. They are kept
 * exact by statement triggers on "message": any insert, delete, or update of the columns that count
 * (conversation, mailbox, direction, kind, time, send status, activity) recomputes the rows of the
 * conversations it touched, in the same transaction: a late mail with an older date, a reply sent
 * or failed, a close or reopen, a merge or split. Spam and bulk are left out by the report through
 * the conversation's current status, as before. Existing mail is backfilled here.
 *
 * A partial index on "message" holds just our replies (not failed) and closings, which the report
 * counts as answered and closed per duty day.
 */
export class CustomerWait1796394862287 implements MigrationInterface {
  name = 'CustomerWait1796394862287';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "customer_wait" (
        "message_id" bigint NOT NULL,
        "conversation_id" bigint NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "received_at" timestamptz NOT NULL,
        "reply_at" timestamptz,
        "ends_at" timestamptz,
        "earlier_in_at" timestamptz,
        "starts_conversation" boolean NOT NULL,
        CONSTRAINT "PK_customer_wait" PRIMARY KEY ("message_id"),
        CONSTRAINT "FK_customer_wait_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_customer_wait_conversation" ON "customer_wait" ("conversation_id")`);
    // Conversations a customer started, by mailbox and time, with what the first-response time needs.
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_received" ON "customer_wait" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "reply_at", "earlier_in_at") WHERE "starts_conversation"`,
    );
    // Who was waiting at a handoff: the waits whose open interval holds that instant (open-ended while unanswered).
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_during" ON "customer_wait" USING gist (tstzrange("received_at", "ends_at", '()')) INCLUDE ("mailbox_id", "received_at", "conversation_id")`,
    );
    // The report's answered and closed: our replies that did not fail to send and closings, by mailbox and time.
    await queryRunner.query(
      `CREATE INDEX "IDX_message_handled" ON "message" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "kind")
       WHERE ("kind" = 'email' AND "direction" = 'out' AND "send_status" IS DISTINCT FROM 'failed') OR ("kind" = 'activity' AND "activity" ->> 'type' = 'status' AND "activity" ->> 'to' = 'closed')`,
    );

    await queryRunner.query(`
      CREATE FUNCTION customer_wait_refresh(conversation_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF cardinality(conversation_ids) = 0 THEN RETURN; END IF;
        -- One writer per conversation at a time: the second recomputes after the first commits, from what it committed.
        PERFORM 1 FROM conversation WHERE id = ANY(conversation_ids) ORDER BY id FOR NO KEY UPDATE;
        DELETE FROM customer_wait WHERE conversation_id = ANY(conversation_ids);
        INSERT INTO customer_wait (message_id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, starts_conversation)
        SELECT id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, id = first_mail
        FROM (
          SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, m.kind, m.direction,
                 -- A reply that could not be sent answered nobody.
                 min(CASE WHEN m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed' THEN m.received_at END) OVER later AS reply_at,
                 min(CASE WHEN (m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed')
                            OR (m.kind = 'activity' AND m.activity ->> 'to' IN ('closed', 'spam', 'bulk')) THEN m.received_at END) OVER later AS ends_at,
                 max(CASE WHEN m.kind = 'email' AND m.direction = 'in' THEN m.received_at END) OVER earlier AS earlier_in_at,
                 min(m.id) FILTER (WHERE m.kind = 'email') OVER (PARTITION BY m.conversation_id) AS first_mail
          FROM message m
          WHERE m.conversation_id = ANY(conversation_ids)
            AND (m.kind = 'email' OR (m.kind = 'activity' AND m.activity ->> 'type' = 'status'))
          WINDOW later AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
                 earlier AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ) x
        WHERE kind = 'email' AND direction = 'in'
        -- A mail whose row another conversation still holds (it moved): take it over.
        ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, mailbox_id = EXCLUDED.mailbox_id, received_at = EXCLUDED.received_at,
          reply_at = EXCLUDED.reply_at, ends_at = EXCLUDED.ends_at, earlier_in_at = EXCLUDED.earlier_in_at, starts_conversation = EXCLUDED.starts_conversation;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION customer_wait_after_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM new_rows WHERE kind IN ('email', 'activity')));
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION customer_wait_after_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM old_rows WHERE kind IN ('email', 'activity')));
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION customer_wait_after_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM customer_wait_refresh(ARRAY(
          SELECT DISTINCT x.conversation_id
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.conversation_id), (n.conversation_id)) x(conversation_id)
          WHERE (o.kind IN ('email', 'activity') OR n.kind IN ('email', 'activity'))
            AND (o.conversation_id, o.mailbox_id, o.direction, o.kind, o.received_at, o.send_status, o.activity)
                IS DISTINCT FROM (n.conversation_id, n.mailbox_id, n.direction, n.kind, n.received_at, n.send_status, n.activity)));
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER customer_wait_insert AFTER INSERT ON "message" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_wait_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER customer_wait_delete AFTER DELETE ON "message" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_wait_after_delete()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER customer_wait_update AFTER UPDATE ON "message" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_wait_after_update()`,
    );
    // The mail already there.
    await queryRunner.query(`SELECT customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM message WHERE kind = 'email' AND direction = 'in'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER customer_wait_update ON "message"`);
    await queryRunner.query(`DROP TRIGGER customer_wait_delete ON "message"`);
    await queryRunner.query(`DROP TRIGGER customer_wait_insert ON "message"`);
    await queryRunner.query(`DROP FUNCTION customer_wait_after_update()`);
    await queryRunner.query(`DROP FUNCTION customer_wait_after_delete()`);
    await queryRunner.query(`DROP FUNCTION customer_wait_after_insert()`);
    await queryRunner.query(`DROP FUNCTION customer_wait_refresh(bigint[])`);
    await queryRunner.query(`DROP TABLE "customer_wait"`);
    await queryRunner.query(`DROP INDEX "IDX_message_handled"`);
  }
}
