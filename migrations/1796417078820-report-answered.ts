import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshFunction } from './1796406454819-report-handled.js';

/** The summary rows of a conversation, recomputed from its messages (and its status). */
const ANSWERED_REFRESH = `
  CREATE OR REPLACE FUNCTION customer_wait_refresh(conversation_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    IF cardinality(conversation_ids) = 0 THEN RETURN; END IF;
    -- One writer per conversation at a time: the second recomputes after the first commits, from what it committed.
    PERFORM 1 FROM conversation WHERE id = ANY(conversation_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM customer_wait WHERE conversation_id = ANY(conversation_ids);
    INSERT INTO customer_wait (message_id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, starts_conversation, hidden)
    SELECT id, conversation_id, mailbox_id, received_at, reply_at, ends_at, earlier_in_at, id = first_mail, hidden
    FROM (
      SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, m.kind, m.direction,
             -- A reply that could not be sent answered nobody.
             min(CASE WHEN m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed' THEN m.received_at END) OVER later AS reply_at,
             min(CASE WHEN (m.kind = 'email' AND m.direction = 'out' AND m.send_status IS DISTINCT FROM 'failed')
                        OR (m.kind = 'activity' AND m.activity ->> 'to' IN ('closed', 'spam', 'bulk')) THEN m.received_at END) OVER later AS ends_at,
             max(CASE WHEN m.kind = 'email' AND m.direction = 'in' THEN m.received_at END) OVER earlier AS earlier_in_at,
             min(m.id) FILTER (WHERE m.kind = 'email') OVER (PARTITION BY m.conversation_id) AS first_mail,
             EXISTS (SELECT 1 FROM conversation c WHERE c.id = m.conversation_id AND c.status IN ('spam', 'bulk')) AS hidden
      FROM message m
      WHERE m.conversation_id = ANY(conversation_ids)
        AND (m.kind = 'email' OR (m.kind = 'activity' AND m.activity ->> 'type' = 'status'))
      WINDOW later AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
             earlier AS (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) x
    WHERE kind = 'email' AND direction = 'in'
    -- A mail whose row another conversation still holds (it moved): take it over.
    ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, mailbox_id = EXCLUDED.mailbox_id, received_at = EXCLUDED.received_at,
      reply_at = EXCLUDED.reply_at, ends_at = EXCLUDED.ends_at, earlier_in_at = EXCLUDED.earlier_in_at, starts_conversation = EXCLUDED.starts_conversation, hidden = EXCLUDED.hidden;
    DELETE FROM handled_event WHERE conversation_id = ANY(conversation_ids);
    INSERT INTO handled_event (message_id, conversation_id, mailbox_id, at, replied, previous_at, hidden)
    SELECT h.id, h.conversation_id, h.mailbox_id, h.at, h.replied,
           lag(h.at) OVER (PARTITION BY h.conversation_id, h.replied ORDER BY h.at, h.id),
           EXISTS (SELECT 1 FROM conversation c WHERE c.id = h.conversation_id AND c.status IN ('spam', 'bulk'))
    FROM (
      -- Our replies that answer a customer: the mail before them (ours sent, or theirs) is the customer's.
      -- A reply in a conversation we began, or a second reply with nothing new from the customer, answers nobody.
      SELECT e.id, e.conversation_id, e.mailbox_id, e.received_at AS at, true AS replied
      FROM (
        SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, m.direction,
               lag(m.direction) OVER (PARTITION BY m.conversation_id ORDER BY m.received_at, m.id) AS mail_before
        FROM message m
        WHERE m.conversation_id = ANY(conversation_ids)
          AND m.kind = 'email' AND (m.direction = 'in' OR m.send_status IS DISTINCT FROM 'failed')
      ) e
      WHERE e.direction = 'out' AND e.mail_before = 'in'
      UNION ALL
      SELECT m.id, m.conversation_id, m.mailbox_id, m.received_at, false
      FROM message m
      WHERE m.conversation_id = ANY(conversation_ids)
        AND m.kind = 'activity' AND m.activity ->> 'type' = 'status' AND m.activity ->> 'to' = 'closed'
    ) h
    ON CONFLICT (message_id) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, mailbox_id = EXCLUDED.mailbox_id, at = EXCLUDED.at,
      replied = EXCLUDED.replied, previous_at = EXCLUDED.previous_at, hidden = EXCLUDED.hidden;
  END
  $fn$`;

/**
 * The duty report's "answered" counts only replies that answer a customer (issue #18): handled_event
 * keeps a reply of ours only when the mail before it in the conversation is the customer's. Our
 * first mail of a conversation we began, and a follow-up with nothing new from the customer, are no
 * longer counted as answering anyone. (First-response times already count only conversations a
 * customer began.) The columns stay; the rows of every conversation are recomputed.
 */
export class ReportAnswered1796417078820 implements MigrationInterface {
  name = 'ReportAnswered1796417078820';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(ANSWERED_REFRESH);
    await queryRunner.query(`SELECT customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM message WHERE kind IN ('email', 'activity')))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(refreshFunction(true));
    await queryRunner.query(`SELECT customer_wait_refresh(ARRAY(SELECT DISTINCT conversation_id FROM message WHERE kind IN ('email', 'activity')))`);
  }
}
