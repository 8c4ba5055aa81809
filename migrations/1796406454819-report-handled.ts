import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The summary rows of a conversation, recomputed from its messages (and its status). */
export const refreshFunction = (withHandled: boolean) => `
  CREATE OR REPLACE FUNCTION customer_wait_refresh(conversation_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    IF cardinality(conversation_ids) = 0 THEN RETURN; END IF;
    -- One writer per conversation at a time: the second recomputes after the first commits, from what it committed.
    PERFORM 1 FROM conversation WHERE id = ANY(conversation_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM customer_wait WHERE conversation_id = ANY(conversation_ids);
    INSERT INTO customer_wait (message_id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, starts_conversation${withHandled ? ', hidden' : ''})
    SELECT id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, id = first_mail${withHandled ? ', hidden' : ''}
    FROM (
      SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, m.kind, m.direction,
             -- A reply that could not be sent answered nobody.
             min(CASE WHEN m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed' THEN m.received_at END) OVER later AS reply_at,
             min(CASE WHEN (m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed')
                        OR (m.kind = 'activity' AND m.activity ->> 'to' IN ('closed', 'spam', 'bulk')) THEN m.received_at END) OVER later AS ends_at,
             max(CASE WHEN m.kind = 'email' AND m.direction = 'in' THEN m.received_at END) OVER earlier AS earlier_in_at,
             min(m.id) FILTER (WHERE m.kind = 'email') OVER (PARTITION BY m.conversation_id) AS first_mail${
               withHandled ? `,
             EXISTS (SELECT 1 FROM conversation c WHERE c.id = m.conversation_id AND c.status IN ('spam', 'bulk')) AS hidden` : ''
             }
      FROM message m
      WHERE m.conversation_id = ANY(conversation_ids)
        AND (m.kind = 'email' OR (m.kind = 'activity' AND m.activity ->> 'type' = 'status'))
      WINDOW later AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
             earlier AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) x
    WHERE kind = 'email' AND direction = 'in'
    -- A mail whose row another conversation still holds (it moved): take it over.
    ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, mailbox_id = EXCLUDED.mailbox_id, received_at = EXCLUDED.received_at,
      reply_at = EXCLUDED.reply_at, ends_at = EXCLUDED.ends_at, earlier_in_at = EXCLUDED.earlier_in_at, starts_conversation = EXCLUDED.starts_conversation${
        withHandled ? ', hidden = EXCLUDED.hidden' : ''
      };${
        withHandled
          ? `
    DELETE FROM handled_event WHERE conversation_id = ANY(conversation_ids);
    INSERT INTO handled_event (message_id, conversation_id, mailbox_id, at, replied, previous_at, hidden)
    SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, m.kind = 'email',
           lag(m.received_at) OVER (PARTITION BY m.conversation_id, m.kind ORDER BY m.received_at, m.id),
           EXISTS (SELECT 1 FROM conversation c WHERE c.id = m.conversation_id AND c.status IN ('spam', 'bulk'))
    FROM message m
    WHERE m.conversation_id = ANY(conversation_ids)
      AND ((m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed')
        OR (m.kind = 'activity' AND m.activity ->> 'type' = 'status' AND m.activity ->> 'to' = 'closed'))
    ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, mailbox_id = EXCLUDED.mailbox_id, at = EXCLUDED.at,
      replied = EXCLUDED.replied, previous_at = EXCLUDED.previous_at, hidden = EXCLUDED.hidden;`
          : ''
      }
  END
  $fn$`;

/**
 * The duty report at a year of mail (issue #18): its figures come from narrow summary rows counted
 * per duty day through partial indexes, with no look-up of each row's conversation.
 *
 * - "handled_event": one row per reply of ours that did not fail to send and per closing, with the
 *   previous one of the same kind in the conversation. A conversation answered (or closed) on a duty
 *   day is then one row: the first of that day, whose previous one came before the day began. This
 *   replaces sorting the day's replies per conversation, and the partial index IDX_message_handled.
 * - the GiST index of waits includes their end, so who waits at a handoff is read from the index alone.
 * - "hidden" on both summaries: the conversation is spam or bulk now. The report leaves those out
 *   through partial indexes (WHERE NOT hidden) instead of looking every row's conversation up. A
 *   trigger on "conversation" keeps it when a status moves in or out of spam or bulk.
 *
 * Both are kept exact by the statement triggers on "message" (customer_wait_refresh, redefined here),
 * in the same transaction. Rows hold instants only: editing a rotation changes nothing here.
 */
export class ReportHandled1796406454819 implements MigrationInterface {
  name = 'ReportHandled1796406454819';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customer_wait" ADD "hidden" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE "handled_event" (
        "message_id" bigint NOT NULL,
        "conversation_id" bigint NOT NULL,
        "mailbox_id" uuid NOT NULL,
        "at" timestamptz NOT NULL,
        "replied" boolean NOT NULL,
        "previous_at" timestamptz,
        "hidden" boolean NOT NULL DEFAULT false,
        CONSTRAINT "PK_handled_event" PRIMARY KEY ("message_id"),
        CONSTRAINT "FK_handled_event_message" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_handled_event_conversation" ON "handled_event" ("conversation_id")`);
    // Per duty day: the replies and closings of its window, and whether each is its conversation's first of the day.
    await queryRunner.query(`CREATE INDEX "IDX_handled_event_at" ON "handled_event" ("mailbox_id", "at") INCLUDE ("replied", "previous_at") WHERE NOT "hidden"`);
    await queryRunner.query(`DROP INDEX "IDX_customer_wait_received"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_received" ON "customer_wait" ("mailbox_id", "received_at") INCLUDE ("reply_at", "earlier_in_at") WHERE "starts_conversation" AND NOT "hidden"`,
    );
    // Who was waiting at a handoff, read from the index alone (with the wait's end, the scan needs no heap row).
    await queryRunner.query(`DROP INDEX "IDX_customer_wait_during"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_during" ON "customer_wait" USING gist (tstzrange("received_at", "ends_at", '()')) INCLUDE ("mailbox_id", "received_at", "ends_at", "conversation_id") WHERE NOT "hidden"`,
    );
    await queryRunner.query(`DROP INDEX "IDX_message_handled"`);
    await queryRunner.query(refreshFunction(true));
    await queryRunner.query(`
      CREATE FUNCTION report_hidden_after_status() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE customer_wait SET hidden = NEW.status IN ('spam', 'bulk') WHERE conversation_id = NEW.id;
        UPDATE handled_event SET hidden = NEW.status IN ('spam', 'bulk') WHERE conversation_id = NEW.id;
        RETURN NULL;
      END
      $fn$`);
    await queryRunner.query(
      `CREATE TRIGGER report_hidden_status AFTER UPDATE OF "status" ON "conversation" FOR EACH ROW
       WHEN ((OLD.status IN ('spam', 'bulk')) IS DISTINCT FROM (NEW.status IN ('spam', 'bulk'))) EXECUTE FUNCTION report_hidden_after_status()`,
    );
    // The mail already there.
    await queryRunner.query(`SELECT customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM message WHERE kind IN ('email', 'activity')))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER report_hidden_status ON "conversation"`);
    await queryRunner.query(`DROP FUNCTION report_hidden_after_status()`);
    await queryRunner.query(refreshFunction(false));
    await queryRunner.query(
      `CREATE INDEX "IDX_message_handled" ON "message" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "kind")
       WHERE ("kind" = 'email' AND "direction" = 'out' AND "send_status" IS DISTINCT FROM 'failed') OR ("kind" = 'activity' AND "activity" ->> 'type' = 'status' AND "activity" ->> 'to' = 'closed')`,
    );
    await queryRunner.query(`DROP INDEX "IDX_customer_wait_during"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_during" ON "customer_wait" USING gist (tstzrange("received_at", "ends_at", '()')) INCLUDE ("mailbox_id", "received_at", "conversation_id")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_customer_wait_received"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_customer_wait_received" ON "customer_wait" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "reply_at", "earlier_in_at") WHERE "starts_conversation"`,
    );
    await queryRunner.query(`DROP TABLE "handled_event"`);
    await queryRunner.query(`ALTER TABLE "customer_wait" DROP COLUMN "hidden"`);
  }
}
