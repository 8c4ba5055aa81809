import type pg from 'pg';
import { type FigureRow, LOOK_AROUND_DAYS, type ReportQuery } from '../../api/src/reports/reports.repository.js';

/*
 * The duty report as it was computed before the customer_wait summary (issue #18): straight from
 * the messages, sorting a period's mail (and a month either side) per conversation. Kept here as the
 * reference the summary-based report must equal (integration test) and as the baseline the
 * benchmark compares it with.
 */

/**
 * The direct report in one statement over existing data (no counters): messages of the rotation's
 * mailboxes in the period (plus a month either side), through the partial covering index
 * IDX_message_report. Duty windows run from a day's handoff to the next day's, in the rotation's
 * zone; duty time (for first-response times) counts working days' windows only, so weekends and
 * holidays do not count. Spam and bulk conversations are left out.
 */
const DIRECT_REPORT_SQL = `
WITH cal AS (
  SELECT d::date AS day,
         ((d::date + $3::interval) AT TIME ZONE $2) AS starts,
         ((d::date + 1 + $3::interval) AT TIME ZONE $2) AS ends,
         (extract(isodow FROM d)::int = ANY($6::int[]) AND NOT (d::date = ANY($7::date[])) AND d::date >= $8::date) AS working
  FROM generate_series($4::date - ${LOOK_AROUND_DAYS}, $5::date + ${LOOK_AROUND_DAYS}, interval '1 day') d
), acc AS (
  SELECT cal.*,
         -- Duty seconds before this day began: a first-response time is the difference of two such clocks.
         coalesce(sum(CASE WHEN working THEN extract(epoch FROM ends - starts) ELSE 0 END) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
         -- The handoff to the next person: the start of the next working day.
         min(CASE WHEN working THEN starts END) OVER (ORDER BY day ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS handoff_at,
         max(CASE WHEN working THEN day END) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_working
  FROM cal
), ev AS MATERIALIZED (
  SELECT m.conversation_id AS cid, m.id, m.received_at AS at,
         CASE WHEN m.kind = 'email' THEN m.direction ELSE 'status' END AS what,
         m.activity ->> 'to' AS to_status,
         ((m.received_at AT TIME ZONE $2) - $3::interval)::date AS dday
  FROM message m
  WHERE m.mailbox_id = ANY($1::uuid[])
    AND m.kind IN ('email', 'activity')
    -- Bounds as parameters, not subqueries: the planner then knows how many rows come (and hashes, not loops).
    AND m.received_at >= $12::timestamptz AND m.received_at < least($13::timestamptz, $9::timestamptz)
    AND (m.kind = 'email' OR m.activity ->> 'type' = 'status')
    -- A reply that could not be sent answered nobody.
    AND (m.kind <> 'email' OR m.direction = 'in' OR m.send_status IS DISTINCT FROM 'failed')
    AND m.conversation_id NOT IN (SELECT id FROM conversation WHERE status IN ('spam', 'bulk'))
), duty AS (
  SELECT day::date AS day, person_id::uuid AS person_id FROM unnest($10::text[], $11::text[]) AS x(day, person_id)
), ordered AS MATERIALIZED (
  -- One sort of the period's rows by conversation gives each customer mail our next reply and the end of its wait.
  SELECT cid, id, at, what, to_status, dday,
         -- Our reply answers a customer when the mail before it (theirs, or ours sent) is theirs.
         lag(what) OVER (PARTITION BY cid, what IN ('in', 'out') ORDER BY at, id) AS mail_before,
         min(CASE WHEN what = 'out' THEN at END) OVER later AS next_reply,
         min(CASE WHEN what = 'out' OR (what = 'status' AND to_status IN ('closed', 'spam', 'bulk')) THEN at END) OVER later AS ends_at
  FROM ev
  WINDOW later AS (PARTITION BY cid ORDER BY at, id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
), firsts AS MATERIALIZED (
  SELECT DISTINCT ON (cid) cid, id, at, dday, next_reply FROM ordered WHERE what = 'in' ORDER BY cid, at, id
), received AS MATERIALIZED (
  -- Conversations a customer started: their first mail, with no earlier mail in the conversation.
  SELECT f.* FROM firsts f
  WHERE f.dday BETWEEN $4::date AND $5::date
    AND NOT EXISTS (SELECT 1 FROM message p WHERE p.conversation_id = f.cid AND p.id < f.id AND p.kind = 'email')
), frt AS (
  SELECT r.dday AS day,
         (ra.before + CASE WHEN ra.working THEN extract(epoch FROM r.next_reply - ra.starts) ELSE 0 END)
           - (ia.before + CASE WHEN ia.working THEN extract(epoch FROM r.at - ia.starts) ELSE 0 END) AS seconds
  FROM received r
  JOIN acc ia ON ia.day = r.dday
  JOIN acc ra ON ra.day = ((r.next_reply AT TIME ZONE $2) - $3::interval)::date
), waits AS (
  -- Each customer mail starts a wait that our next reply (or closing, spam, bulk) ends.
  SELECT cid, at AS since, dday, ends_at FROM ordered
  WHERE what = 'in' AND (ends_at IS NULL OR ((ends_at AT TIME ZONE $2) - $3::interval)::date > dday)
), waiting AS MATERIALIZED (
  SELECT a.prev_working AS day, count(DISTINCT w.cid)::int AS n
  FROM waits w
  CROSS JOIN LATERAL generate_series(w.dday + 1, least(coalesce(((w.ends_at AT TIME ZONE $2) - $3::interval)::date, $5::date + ${LOOK_AROUND_DAYS}), $5::date + ${LOOK_AROUND_DAYS}), interval '1 day') g
  JOIN acc a ON a.day = g::date AND a.working AND a.starts <= $9::timestamptz AND (w.ends_at IS NULL OR a.starts < w.ends_at)
  WHERE a.prev_working BETWEEN $4::date AND $5::date
  GROUP BY a.prev_working
), pinned AS MATERIALIZED (
  SELECT ((q.pinned_at AT TIME ZONE $2) - $3::interval)::date AS day, count(*)::int AS n
  FROM quote q JOIN conversation c ON c.id = q.conversation_id
  WHERE c.mailbox_id = ANY($1::uuid[]) AND c.status NOT IN ('spam', 'bulk') AND q.retracted_at IS NULL
    AND q.pinned_at >= (SELECT starts FROM cal WHERE day = $4::date) AND q.pinned_at < (SELECT ends FROM cal WHERE day = $5::date)
  GROUP BY 1
), received_per_day AS MATERIALIZED (
  SELECT dday AS day, count(*)::int AS n FROM received GROUP BY dday
), handled_per_day AS MATERIALIZED (
  SELECT dday AS day, count(DISTINCT cid) FILTER (WHERE what = 'out' AND mail_before = 'in')::int AS answered,
         count(DISTINCT cid) FILTER (WHERE what = 'status' AND to_status = 'closed')::int AS closed
  FROM ordered WHERE dday BETWEEN $4::date AND $5::date AND what IN ('out', 'status') GROUP BY dday
), days AS (
  SELECT a.day, a.working, a.handoff_at <= $9::timestamptz AS handed_off, duty.person_id,
         coalesce(rc.n, 0) AS received, coalesce(hd.answered, 0) AS answered, coalesce(hd.closed, 0) AS closed,
         CASE WHEN a.working AND a.handoff_at <= $9::timestamptz THEN coalesce(wt.n, 0) END AS waiting,
         coalesce(pn.n, 0) AS quotes
  FROM acc a
  LEFT JOIN duty ON duty.day = a.day
  LEFT JOIN received_per_day rc ON rc.day = a.day
  LEFT JOIN handled_per_day hd ON hd.day = a.day
  LEFT JOIN waiting wt ON wt.day = a.day
  LEFT JOIN pinned pn ON pn.day = a.day
  WHERE a.day BETWEEN $4::date AND $5::date
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
  GROUP BY GROUPING SETS ((f.day, duty.person_id), (date_trunc('week', f.day), duty.person_id), (duty.person_id))
)
SELECT c.level, c.day::text AS day, CASE WHEN c.level = 'week' THEN c.week::text END AS week, c.person_id::text AS "personId", c.days,
       c.received, c.answered, c.closed, c.waiting, c.quotes, coalesce(t.responses, 0) AS responses, t.p50, t.p90,
       CASE WHEN c.level = 'day' THEN c.working END AS working, CASE WHEN c.level = 'day' THEN c.handed_off END AS "handedOff"
FROM counted c
LEFT JOIN timed t ON t.level = c.level AND t.day IS NOT DISTINCT FROM c.day AND (c.level <> 'week' OR t.week = c.week) AND t.person_id IS NOT DISTINCT FROM c.person_id
WHERE c.level = 'day' OR c.person_id IS NOT NULL
ORDER BY c.level, c.day, c.week, c.person_id`;

/** The report's figures by the direct query, shaped like ReportsRepository.figures. */
export async function directFigures(pool: pg.Pool, query: ReportQuery): Promise<FigureRow[]> {
  const { rows } = await pool.query(DIRECT_REPORT_SQL, [
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
  return (rows as (Omit<FigureRow, 'p50' | 'p90'> & { p50: number | string | null; p90: number | string | null })[]).map((row) => ({
    ...row,
    p50: row.p50 === null ? null : Number(row.p50),
    p90: row.p90 === null ? null : Number(row.p90),
  }));
}
