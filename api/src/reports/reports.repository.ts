import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction.js';

export interface ReportQuery {
  mailboxIds: string[];
  timeZone: string;
  /** "HH:MM" in the rotation's zone. */
  handoffTime: string;
  from: string;
  to: string;
  workingDays: number[];
  holidays: string[];
  /** The rotation's first duty day (its start date, or the day it was created when later): no working day before it. */
  startDate: string;
  /** Who was primary on each working duty day of from..to (the rotation plan, overrides and swaps applied). */
  duty: { date: string; personId: string }[];
  now: Date;
  /** The messages read: from the handoff LOOK_AROUND_DAYS before `from` to the one LOOK_AROUND_DAYS + 1 after `to`. */
  readFrom: Date;
  readTo: Date;
}

/** One row per grouping: a duty day, a person in an ISO week, or a person over the period. */
export interface FigureRow {
  level: 'day' | 'week' | 'person';
  day: string | null;
  week: string | null;
  personId: string | null;
  days: number;
  received: number;
  answered: number;
  closed: number;
  /** Summed over handoffs already made; null when none was. */
  waiting: number | null;
  quotes: number;
  responses: number;
  p50: number | null;
  p90: number | null;
  working: boolean | null;
  handedOff: boolean | null;
}

/** How far before the period a customer's wait or a conversation's first mail is looked for, and after it a first reply. */
export const LOOK_AROUND_DAYS = 31;

/**
 * The duty report in one statement over existing data, per duty day of the period: each day's window
 * (from its handoff to the next day's, in the rotation's zone) is read through partial covering
 * indexes of the summaries the triggers on "message" keep, spam and bulk left out by the indexes
 * themselves (WHERE NOT hidden), with no row's conversation looked up:
 * - received: the conversations a customer started (customer_wait, their first mail);
 * - answered and closed: the day's first reply to a customer (or closing) per conversation
 *   (handled_event, whose previous one came before the day began);
 * - waiting at handoff: the customers whose wait's open interval holds the handoff (a GiST index);
 * - first-response times: the received conversations' first replies, on a duty clock that counts
 *   working days' windows only, so weekends and holidays do not count. The clock is read from
 *   arrays (a reply's day by binary search over the windows' starts, float8 seconds), and the
 *   percentiles of all three levels come from one sorted pass (ROLLUP): no per-row time-zone
 *   conversion, one sort instead of three.
 *
 * Days before `startDate` (the rotation's first day, or the day it was created when later) are no
 * working days: no duty time, no handoff, nobody on duty.
 *
 * The figures equal those of the direct query over the messages (test/harness/direct-duty-report.ts):
 * waits and first replies still count only mail from LOOK_AROUND_DAYS before the period, replies
 * up to the one LOOK_AROUND_DAYS + 1 after it, and nothing after now. (The direct query puts an
 * instant on the duty day its local time minus the handoff time falls on; the same day as its window,
 * except when a handoff time lies inside an hour a DST switch skips or repeats.)
 */
export const REPORT_SQL = `
WITH cal AS (
  SELECT d::date AS day,
         ((d::date + $3::interval) AT TIME ZONE $2) AS starts,
         ((d::date + 1 + $3::interval) AT TIME ZONE $2) AS ends,
         (extract(isodow FROM d)::int = ANY($6::int[]) AND NOT (d::date = ANY($7::date[])) AND d::date >= $8::date) AS working
  FROM generate_series($4::date - ${LOOK_AROUND_DAYS}, $5::date + ${LOOK_AROUND_DAYS}, interval '1 day') d
), acc AS MATERIALIZED (
  SELECT cal.*,
         -- Duty seconds before this day began: a first-response time is the difference of two such clocks.
         coalesce(sum(CASE WHEN working THEN extract(epoch FROM ends - starts) ELSE 0 END) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         -- The handoff to the next person: the start of the next working day.
         min(CASE WHEN working THEN starts END) OVER (ORDER BY day ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS handoff_at,
         max(CASE WHEN working THEN day END) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_working
  FROM cal
), timed_acc AS MATERIALIZED (
  -- The duty clock in float seconds: at an instant t of a working day, epoch(t) + offset; of another day, before.
  SELECT day, before::float8 AS before_s, CASE WHEN working THEN before::float8 - date_part('epoch', starts) END AS offset_s, starts
  FROM acc
), period AS MATERIALIZED (
  SELECT * FROM acc WHERE day BETWEEN $4::date AND $5::date
), received AS MATERIALIZED (
  -- Conversations a customer started: their first mail (the lowest id) is the customer's, with no
  -- customer mail before it in time since the look-around began.
  SELECT p.day, w.at, w.next_reply
  FROM period p
  CROSS JOIN LATERAL (
    SELECT w.received_at AS at, CASE WHEN w.reply_at < least($13::timestamptz, $9::timestamptz) THEN w.reply_at END AS next_reply
    FROM customer_wait w
    WHERE w.starts_conversation AND NOT w.hidden AND w.mailbox_id = ANY($1::uuid[])
      AND w.received_at >= p.starts AND w.received_at < p.ends AND w.received_at < least($13::timestamptz, $9::timestamptz)
      AND (w.earlier_in_at IS NULL OR w.earlier_in_at < $12::timestamptz)
  ) w
), clock AS MATERIALIZED (
  -- The duty clock as arrays, one entry per day in order: the day an instant falls on is found by
  -- binary search over the windows' starts (width_bucket), not by converting each instant to local time.
  SELECT array_agg(starts ORDER BY day) AS starts, array_agg(offset_s ORDER BY day) AS offset_s, array_agg(before_s ORDER BY day) AS before_s
  FROM timed_acc
), frt AS (
  SELECT r.day,
         coalesce(date_part('epoch', r.next_reply) + k.offset_s[b.i], k.before_s[b.i])
           - coalesce(date_part('epoch', r.at) + ia.offset_s, ia.before_s) AS seconds
  FROM received r
  JOIN timed_acc ia ON ia.day = r.day
  CROSS JOIN clock k
  CROSS JOIN LATERAL (SELECT width_bucket(r.next_reply, k.starts) AS i) b
  WHERE r.next_reply IS NOT NULL AND b.i > 0
), handoffs AS (
  -- Each working day's start hands the previous working day's duty on.
  SELECT prev_working AS day, starts FROM acc
  WHERE working AND starts <= $9::timestamptz AND prev_working BETWEEN $4::date AND $5::date
), waiting AS MATERIALIZED (
  -- A customer is waiting at a handoff when a mail of theirs came before it and our answer (or the closing) after.
  SELECT h.day, count(DISTINCT w.conversation_id)::int AS n
  FROM handoffs h
  JOIN customer_wait w ON tstzrange(w.received_at, w.ends_at, '()') @> h.starts
  WHERE NOT w.hidden AND w.mailbox_id = ANY($1::uuid[]) AND w.received_at >= $12::timestamptz
  GROUP BY h.day
), pinned AS MATERIALIZED (
  SELECT ((q.pinned_at AT TIME ZONE $2) - $3::interval)::date AS day, count(*)::int AS n
  FROM quote q JOIN conversation c ON c.id = q.conversation_id
  WHERE c.mailbox_id = ANY($1::uuid[]) AND c.status NOT IN ('spam', 'bulk') AND q.retracted_at IS NULL
    AND q.pinned_at >= (SELECT starts FROM cal WHERE day = $4::date) AND q.pinned_at < (SELECT ends FROM cal WHERE day = $5::date)
  GROUP BY 1
), received_per_day AS MATERIALIZED (
  SELECT day, count(*)::int AS n FROM received GROUP BY day
), handled_per_day AS MATERIALIZED (
  -- Conversations answered (a reply that could not be sent answered nobody) and closed in the day's
  -- window: each one's first reply or closing of the day.
  SELECT p.day, h.answered, h.closed
  FROM period p
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE e.replied)::int AS answered, count(*) FILTER (WHERE NOT e.replied)::int AS closed
    FROM handled_event e
    WHERE NOT e.hidden AND e.mailbox_id = ANY($1::uuid[])
      AND e.at >= p.starts AND e.at < p.ends AND e.at < least($13::timestamptz, $9::timestamptz)
      AND (e.previous_at IS NULL OR e.previous_at < p.starts)
  ) h
), duty AS (
  SELECT day::date AS day, person_id::uuid AS person_id FROM unnest($10::text[], $11::text[]) AS x(day, person_id)
), days AS (
  SELECT a.day, a.working, a.handoff_at <= $9::timestamptz AS handed_off, duty.person_id,
         coalesce(rc.n, 0) AS received, coalesce(hd.answered, 0) AS answered, coalesce(hd.closed, 0) AS closed,
         CASE WHEN a.working AND a.handoff_at <= $9::timestamptz THEN coalesce(wt.n, 0) END AS waiting,
         coalesce(pn.n, 0) AS quotes
  FROM period a
  LEFT JOIN duty ON duty.day = a.day
  LEFT JOIN received_per_day rc ON rc.day = a.day
  LEFT JOIN handled_per_day hd ON hd.day = a.day
  LEFT JOIN waiting wt ON wt.day = a.day
  LEFT JOIN pinned pn ON pn.day = a.day
), counted AS (
  SELECT CASE WHEN GROUPING(d.day) = 0 THEN 'day' WHEN GROUPING(date_trunc('week', d.day)) = 0 THEN 'week' ELSE 'person' END AS level,
         d.day, date_trunc('week', d.day)::date AS week, d.person_id, count(*)::int AS days,
         sum(d.received)::int AS received, sum(d.answered)::int AS answered, sum(d.closed)::int AS closed,
         sum(d.waiting)::int AS waiting, sum(d.quotes)::int AS quotes, bool_or(d.working) AS working, bool_or(d.handed_off) AS handed_off
  FROM days d
  GROUP BY GROUPING SETS ((d.day, d.person_id), (date_trunc('week', d.day), d.person_id), (d.person_id))
), timed AS (
  SELECT CASE WHEN GROUPING(f.day) = 0 THEN 'day' WHEN GROUPING(date_trunc('week', f.day)) = 0 THEN 'week' ELSE 'person' END AS level,
         f.day, date_trunc('week', f.day)::date AS week, duty.person_id, count(*)::int AS responses,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY f.seconds) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY f.seconds) AS p90
  FROM frt f LEFT JOIN duty ON duty.day = f.day
  -- One sort for all three levels: a day lies in one week, so (person, week, day) rolls up to (person, week) and (person).
  GROUP BY ROLLUP (duty.person_id, date_trunc('week', f.day), f.day)
)
SELECT c.level, c.day::text AS day, CASE WHEN c.level = 'week' THEN c.week::text END AS week, c.person_id::text AS "personId", c.days,
       c.received, c.answered, c.closed, c.waiting, c.quotes, coalesce(t.responses, 0) AS responses, t.p50, t.p90,
       CASE WHEN c.level = 'day' THEN c.working END AS working, CASE WHEN c.level = 'day' THEN c.handed_off END AS "handedOff"
FROM counted c
LEFT JOIN timed t ON t.level = c.level AND t.day IS NOT DISTINCT FROM c.day AND (c.level <> 'week' OR t.week = c.week) AND t.person_id IS NOT DISTINCT FROM c.person_id
WHERE c.level = 'day' OR c.person_id IS NOT NULL
ORDER BY c.level, c.day, c.week, c.person_id`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  async figures(query: ReportQuery): Promise<FigureRow[]> {
    if (query.mailboxIds.length === 0 && query.duty.length === 0) return [];
    const rows: (Omit<FigureRow, 'p50' | 'p90'> & { p50: number | string | null; p90: number | string | null })[] = await this.transactions.manager.query(REPORT_SQL, [
      query.mailboxIds,
      query.timeZone,
      query.handoffTime,
      query.from,
      query.to,
      query.workingDays,
      query.holidays,
      query.startDate,
      query.now,
      query.duty.map((entry) => entry.date),
      query.duty.map((entry) => entry.personId),
      query.readFrom,
      query.readTo,
    ]);
    return rows.map((row) => ({ ...row, p50: row.p50 === null ? null : Number(row.p50), p90: row.p90 === null ? null : Number(row.p90) }));
  }
}
