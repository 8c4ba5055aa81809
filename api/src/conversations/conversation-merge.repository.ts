import { Injectable } from '@nestjs/common';
import { returningRows, type Tx } from '../database/transaction.js';

export interface MergeParty {
  id: string;
  contactId: string;
  mailboxId: string;
  subject: string;
  version: number;
}

export interface SplitMessage {
  id: string;
  conversationId: string;
  kind: string;
  direction: string;
  text: string;
  newTextStart: number;
  newTextEnd: number;
}

/**
 * What a merge moved besides messages, and the absorbed conversation's rows it dropped because the
 * older one had their like: undo puts exactly these back. Stored in `conversation_merge.moved`.
 */
export interface MergeMoved {
  quoteIds: string[];
  notificationIds: string[];
  /** Issue links only the absorbed conversation had: moved to the older one. */
  issueLinkIds: string[];
  /** Issue links both had: the older keeps its own, the absorbed one's is given back. */
  sharedIssueLinkIds: string[];
  fixReplyIds: string[];
  /** The absorbed conversation's fix replies for an issue the older one had a fix reply for too (whole rows). */
  droppedFixReplies: Record<string, unknown>[];
  /** Each person's read state of the absorbed conversation (whole rows). */
  reads: Record<string, unknown>[];
  /** Each person's read state of the older conversation before the merge: who opened the merged conversation since reads both. */
  intoReads: Record<string, unknown>[];
  /** Earlier merges into the absorbed conversation, pointed at the older one. */
  mergeIds: string[];
}

export interface MergeRecord {
  id: string;
  intoId: string;
  absorbedId: string;
  absorbed: Record<string, unknown>;
  intoBefore: Record<string, unknown>;
  intoVersion: number;
  messageIds: string[];
  /** Partial for merges recorded before the column existed (`{}`). */
  moved: Partial<MergeMoved>;
  mergedAt: Date;
  undoneAt: Date | null;
}

/** The columns a merge changes on the older conversation, restored as they were by undo. */
const RESTORED_COLUMNS = ['status', 'assignee_id', 'snoozed_until', 'waiting_since', 'last_message_at', 'message_count', 'participants', 'preview', 'preview_truncated', 'preview_message_id'];

/**
 * Merge and split writes. Parameterised SQL only; every method runs inside the caller's transaction,
 * with the conversations locked first (lockParties) in id order.
 */
@Injectable()
export class ConversationMergeRepository {
  lockParties(ids: string[], tx: Tx): Promise<MergeParty[]> {
    return tx.query(
      // ORDER BY c.id, the number: a bare "id" would name the text column of the select list ("10" before "9").
      `SELECT c.id::text AS id, c.contact_id AS "contactId", c.mailbox_id AS "mailboxId", c.subject, c.version FROM conversation c WHERE c.id = ANY($1::bigint[]) ORDER BY c.id FOR UPDATE`,
      [ids],
    );
  }

  /** Moves the newer conversation into the older one, removes the newer row, and records what undo needs. */
  async merge(olderId: string, newerId: string, actorId: string, at: Date, tx: Tx): Promise<MergeRecord> {
    const [snapshots] = (await tx.query(
      `SELECT (SELECT to_jsonb(c) FROM conversation c WHERE c.id = $1) AS older, (SELECT to_jsonb(c) FROM conversation c WHERE c.id = $2) AS newer,
              (SELECT COALESCE(array_agg(id::text ORDER BY message.id), '{}') FROM message WHERE conversation_id = $2) AS "messageIds",
              (SELECT COALESCE(array_agg(l.issue_link_id::text ORDER BY l.issue_link_id), '{}') FROM issue_link_conversation l
                WHERE l.conversation_id = $2 AND EXISTS (SELECT 1 FROM issue_link_conversation x WHERE x.issue_link_id = l.issue_link_id AND x.conversation_id = $1)) AS "sharedIssueLinkIds",
              (SELECT COALESCE(jsonb_agg(to_jsonb(f) ORDER BY f.id), '[]') FROM fix_reply f
                WHERE f.conversation_id = $2 AND EXISTS (SELECT 1 FROM fix_reply x WHERE x.issue_link_id = f.issue_link_id AND x.conversation_id = $1)) AS "droppedFixReplies",
              (SELECT COALESCE(jsonb_agg(to_jsonb(r) ORDER BY r.person_id), '[]') FROM conversation_read r WHERE r.conversation_id = $2) AS reads,
              (SELECT COALESCE(jsonb_agg(to_jsonb(r) ORDER BY r.person_id), '[]') FROM conversation_read r WHERE r.conversation_id = $1) AS "intoReads"`,
      [olderId, newerId],
    )) as (Pick<MergeMoved, 'sharedIssueLinkIds' | 'droppedFixReplies' | 'reads' | 'intoReads'> & { older: Record<string, unknown>; newer: Record<string, unknown>; messageIds: string[] })[];
    await tx.query(`UPDATE message SET conversation_id = $1 WHERE conversation_id = $2`, [olderId, newerId]);
    const ids = async (sql: string): Promise<string[]> => (await returningRows<{ id: string }>(tx, sql, [olderId, newerId])).map((row) => row.id).sort();
    const moved: MergeMoved = {
      quoteIds: await ids(`UPDATE quote SET conversation_id = $1 WHERE conversation_id = $2 RETURNING id::text`),
      notificationIds: await ids(`UPDATE notification SET conversation_id = $1 WHERE conversation_id = $2 RETURNING id::text`),
      issueLinkIds: await ids(
        `UPDATE issue_link_conversation l SET conversation_id = $1 WHERE l.conversation_id = $2
           AND NOT EXISTS (SELECT 1 FROM issue_link_conversation x WHERE x.issue_link_id = l.issue_link_id AND x.conversation_id = $1)
         RETURNING l.issue_link_id::text AS id`,
      ),
      sharedIssueLinkIds: snapshots!.sharedIssueLinkIds,
      fixReplyIds: await ids(
        `UPDATE fix_reply f SET conversation_id = $1 WHERE f.conversation_id = $2
           AND NOT EXISTS (SELECT 1 FROM fix_reply x WHERE x.issue_link_id = f.issue_link_id AND x.conversation_id = $1)
         RETURNING f.id::text`,
      ),
      droppedFixReplies: snapshots!.droppedFixReplies,
      reads: snapshots!.reads,
      intoReads: snapshots!.intoReads,
      // Earlier merges into the newer conversation now point at the older one (their tokens keep threading).
      mergeIds: await ids(`UPDATE conversation_merge SET into_id = $1 WHERE into_id = $2 RETURNING id::text`),
    };
    const [updated] = await returningRows<{ version: number }>(
      tx,
      `UPDATE conversation o SET
         message_count = o.message_count + n.message_count,
         last_message_at = GREATEST(o.last_message_at, n.last_message_at),
         participants = ARRAY(SELECT DISTINCT p FROM unnest(o.participants || n.participants) p ORDER BY p),
         waiting_since = CASE WHEN n.last_message_at > o.last_message_at THEN n.waiting_since ELSE o.waiting_since END,
         preview = CASE WHEN n.last_message_at > o.last_message_at THEN n.preview ELSE o.preview END,
         preview_truncated = CASE WHEN n.last_message_at > o.last_message_at THEN n.preview_truncated ELSE o.preview_truncated END,
         preview_message_id = CASE WHEN n.last_message_at > o.last_message_at THEN n.preview_message_id ELSE o.preview_message_id END,
         status = CASE WHEN n.status = 'open' AND o.status IN ('pending', 'closed') THEN 'open' ELSE o.status END,
         snoozed_until = CASE WHEN n.status = 'open' AND o.status IN ('pending', 'closed') THEN NULL ELSE o.snoozed_until END,
         assignee_id = COALESCE(o.assignee_id, n.assignee_id),
         version = o.version + 1, updated_at = now()
       FROM conversation n WHERE o.id = $1 AND n.id = $2
       RETURNING o.version`,
      [olderId, newerId],
    );
    // Removing the row drops what the older conversation had the like of (recorded above): a shared issue link, its fix reply, read state.
    await tx.query(`DELETE FROM conversation WHERE id = $1`, [newerId]);
    const [record] = await returningRows<{ id: string; mergedAt: Date }>(
      tx,
      `INSERT INTO conversation_merge (into_id, absorbed_id, absorbed_thread_token, absorbed, into_before, into_version, message_ids, moved, merged_by, merged_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7::bigint[], $8::jsonb, $9, $10) RETURNING id, merged_at AS "mergedAt"`,
      [
        olderId,
        newerId,
        snapshots!.newer.thread_token,
        JSON.stringify(snapshots!.newer),
        JSON.stringify(snapshots!.older),
        updated!.version,
        snapshots!.messageIds,
        JSON.stringify(moved),
        actorId,
        at,
      ],
    );
    return {
      id: record!.id,
      intoId: olderId,
      absorbedId: newerId,
      absorbed: snapshots!.newer,
      intoBefore: snapshots!.older,
      intoVersion: updated!.version,
      messageIds: snapshots!.messageIds,
      moved,
      mergedAt: record!.mergedAt,
      undoneAt: null,
    };
  }

  async lockMerge(id: string, tx: Tx): Promise<(MergeRecord & { currentVersion: number | null }) | null> {
    const [row] = await tx.query(
      `SELECT m.id, m.into_id::text AS "intoId", m.absorbed_id::text AS "absorbedId", m.absorbed, m.into_before AS "intoBefore", m.into_version AS "intoVersion",
              m.message_ids::text[] AS "messageIds", m.moved, m.merged_at AS "mergedAt", m.undone_at AS "undoneAt",
              (SELECT c.version FROM conversation c WHERE c.id = m.into_id) AS "currentVersion"
       FROM conversation_merge m WHERE m.id = $1 FOR UPDATE OF m`,
      [id],
    );
    return (row as (MergeRecord & { currentVersion: number | null }) | undefined) ?? null;
  }

  /**
   * Puts the absorbed conversation back as it was, with everything the merge moved out of it or
   * dropped from it, and the older one's columns as they were.
   */
  async undo(merge: MergeRecord, tx: Tx): Promise<void> {
    const moved = merge.moved;
    const into = merge.intoId;
    const absorbed = merge.absorbedId;
    // The merge's own activity entry goes with it (the audit log keeps both the merge and its undo).
    await tx.query(`DELETE FROM message WHERE conversation_id = $1 AND kind = 'activity' AND activity->>'type' = 'merged' AND (activity->>'number')::bigint = $2`, [into, absorbed]);
    await tx.query(`INSERT INTO conversation SELECT * FROM jsonb_populate_record(NULL::conversation, $1::jsonb)`, [JSON.stringify(merge.absorbed)]);
    await tx.query(`UPDATE message SET conversation_id = $1 WHERE id = ANY($2::bigint[])`, [absorbed, merge.messageIds]);
    // Quotes it brought, and any pinned since from the messages going back.
    await tx.query(`UPDATE quote SET conversation_id = $1 WHERE conversation_id = $2 AND (message_id = ANY($3::bigint[]) OR id = ANY($4::uuid[]))`, [
      absorbed,
      into,
      merge.messageIds,
      moved.quoteIds ?? [],
    ]);
    await tx.query(`UPDATE notification SET conversation_id = $1 WHERE conversation_id = $2 AND id = ANY($3::uuid[])`, [absorbed, into, moved.notificationIds ?? []]);
    await tx.query(`UPDATE issue_link_conversation SET conversation_id = $1 WHERE conversation_id = $2 AND issue_link_id = ANY($3::uuid[])`, [absorbed, into, moved.issueLinkIds ?? []]);
    await tx.query(
      `INSERT INTO issue_link_conversation (issue_link_id, conversation_id) SELECT i.id, $1 FROM issue_link i WHERE i.id = ANY($2::uuid[]) ON CONFLICT DO NOTHING`,
      [absorbed, moved.sharedIssueLinkIds ?? []],
    );
    await tx.query(`UPDATE fix_reply SET conversation_id = $1 WHERE conversation_id = $2 AND id = ANY($3::uuid[])`, [absorbed, into, moved.fixReplyIds ?? []]);
    await tx.query(
      `INSERT INTO fix_reply SELECT f.* FROM jsonb_populate_recordset(NULL::fix_reply, $1::jsonb) f WHERE EXISTS (SELECT 1 FROM issue_link i WHERE i.id = f.issue_link_id)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(moved.droppedFixReplies ?? [])],
    );
    await tx.query(
      `INSERT INTO conversation_read SELECT r.* FROM jsonb_populate_recordset(NULL::conversation_read, $1::jsonb) r WHERE EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(moved.reads ?? [])],
    );
    // Whoever opened the merged conversation since read the absorbed messages too.
    await tx.query(
      `INSERT INTO conversation_read (person_id, conversation_id, read_through_message_id, read_at)
       SELECT r.person_id, $1, r.read_through_message_id, r.read_at FROM conversation_read r
       LEFT JOIN jsonb_populate_recordset(NULL::conversation_read, $3::jsonb) b ON b.person_id = r.person_id
       WHERE r.conversation_id = $2 AND r.read_through_message_id > COALESCE(b.read_through_message_id, 0)
       ON CONFLICT (person_id, conversation_id) DO UPDATE
         SET read_through_message_id = GREATEST(conversation_read.read_through_message_id, EXCLUDED.read_through_message_id), read_at = GREATEST(conversation_read.read_at, EXCLUDED.read_at)`,
      [absorbed, into, JSON.stringify(moved.intoReads ?? [])],
    );
    await tx.query(`UPDATE conversation_merge SET into_id = $1 WHERE into_id = $2 AND id = ANY($3::uuid[])`, [absorbed, into, moved.mergeIds ?? []]);
    const assignments = RESTORED_COLUMNS.map((column) => `${column} = b.${column}`).join(', ');
    await tx.query(
      `UPDATE conversation c SET ${assignments}, version = c.version + 1, updated_at = now()
       FROM jsonb_populate_record(NULL::conversation, $2::jsonb) b WHERE c.id = $1`,
      [into, JSON.stringify(merge.intoBefore)],
    );
    await tx.query(`UPDATE conversation_merge SET undone_at = now() WHERE id = $1`, [merge.id]);
  }

  /** The message to split out, with what a new conversation needs. */
  async lockMessage(messageId: string, tx: Tx): Promise<SplitMessage | null> {
    const [row] = await tx.query(
      `SELECT m.id::text, m.conversation_id::text AS "conversationId", m.kind, m.direction, m.text, m.new_text_start AS "newTextStart", m.new_text_end AS "newTextEnd"
       FROM message m WHERE m.id = $1 FOR UPDATE`,
      [messageId],
    );
    return (row as SplitMessage | undefined) ?? null;
  }

  async emailCount(conversationId: string, tx: Tx): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS emails FROM message WHERE conversation_id = $1 AND kind IN ('email', 'auto_reply', 'bounce')`, [conversationId])) as {
      emails: number;
    }[];
    return row?.emails ?? 0;
  }

  /**
   * A new conversation for one message (same customer and mailbox, a new thread token), the message
   * moved into it, and the counts of the conversation it left recomputed from what remains.
   */
  async split(messageId: string, fromId: string, preview: { text: string; truncated: boolean }, token: string, tx: Tx): Promise<string> {
    const [created] = await returningRows<{ id: string }>(
      tx,
      `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, version,
                                 preview, preview_truncated, preview_message_id, waiting_since)
       SELECT c.mailbox_id, c.contact_id, COALESCE(NULLIF(m.subject, ''), c.subject), c.base_subject, 'open', m.received_at, 1, c.participants, $3, 1,
              $4, $5, m.id, CASE WHEN m.direction = 'in' THEN m.received_at END
       FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = $1 AND c.id = $2
       RETURNING id::text`,
      [messageId, fromId, token, preview.text, preview.truncated],
    );
    const newId = created!.id;
    await tx.query(`UPDATE message SET conversation_id = $1 WHERE id = $2`, [newId, messageId]);
    await tx.query(`UPDATE quote SET conversation_id = $1 WHERE message_id = $2`, [newId, messageId]);
    await tx.query(
      `UPDATE conversation c SET
         message_count = GREATEST(c.message_count - 1, 0),
         last_message_at = COALESCE((SELECT max(received_at) FROM message WHERE conversation_id = c.id AND kind <> 'activity'), c.last_message_at),
         preview_message_id = CASE WHEN c.preview_message_id = $2 THEN NULL ELSE c.preview_message_id END,
         preview = CASE WHEN c.preview_message_id = $2 THEN '' ELSE c.preview END,
         version = c.version + 1, updated_at = now()
       WHERE c.id = $1`,
      [fromId, messageId],
    );
    return newId;
  }
}
