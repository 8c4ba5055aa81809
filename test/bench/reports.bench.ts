import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DutyService } from '../../api/src/duty/duty.service.js';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { ReportsRepository } from '../../api/src/reports/reports.repository.js';
import { ReportsService } from '../../api/src/reports/reports.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { directFigures } from '../harness/direct-duty-report.js';
import type { Dovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
/** Customer mail, our reply, the customer's thanks, closed: four rows per conversation. */
const PER_CONVERSATION = 4;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const NOW = new Date('2026-12-01T10:00:00Z');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const figures = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`;

async function timedRuns(runs: number, work: () => Promise<unknown>, warmUps = 3): Promise<number[]> {
  for (let warm = 0; warm < warmUps; warm += 1) await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * The duty report over a year of mail: 1,000,000 messages (250,000 conversations: customer mail,
 * our reply after minutes to a day, the customer's thanks, closed; 5 % spam) spread over the 365
 * days before 1 December 2026, one mailbox answered by a Mon–Fri rotation of four. Measures the
 * Reports API for four weeks (the page's default), a quarter and the whole year, beside the duty
 * plan alone, the report's SQL alone (over the customer_wait and handled_event summaries) and the baseline: the direct query over the
 * messages, as the report was computed before its summary, which must give the same figures. Run with `npm run bench -- test/bench/reports.bench.ts` (BENCH_MESSAGES to
 * change the size).
 */
describe('duty report at scale', () => {
  let testApp: TestApp;
  let client: ApiClient;
  let rotation: RotationDto;
  const query = (sql: string, values: unknown[] = []) => testApp.database.pool.query(sql, values);

  beforeAll(async () => {
    const clock = new TestClock(NOW);
    testApp = await startTestApp({ clock });
    client = new ApiClient(testApp.baseUrl);
    await client.setup(FOUNDER);
    const me = (await client.get('/api/session')).body.person.id as string;
    const members = [me];
    for (const name of ['Ben', 'Cleo', 'Dev']) {
      members.push((await client.post<PersonDto>('/api/people', { name, email: `${name.toLowerCase()}@wholegrain.test`, password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/Paris' })).body.id);
    }
    const fakeImap = { host: '127.0.0.1', port: 1 } as Dovecot;
    const mailbox = await createTestMailbox(testApp, fakeImap, 'bench', { password: 'not-used' });
    // The rotation was created the week before its first day (days before a rotation existed belong to nobody).
    clock.instant = new Date('2025-10-27T10:00:00Z');
    rotation = (
      await client.post<RotationDto>('/api/rotations', {
        name: 'Support',
        timeZone: 'Europe/Paris',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2025-11-03',
        handoffTime: '09:00',
        mailboxIds: [mailbox.id],
        members: members.map((personId) => ({ personId })),
      })
    ).body;
    clock.instant = NOW;

    const conversations = Math.floor(MESSAGES / PER_CONVERSATION);
    const seedStarted = performance.now();
    await query(`INSERT INTO contact (email, name) SELECT 'customer' || i || '@company' || (i % 8000) || '.example', 'Customer ' || i FROM generate_series(1, 50000) i`);
    await query(`CREATE TEMP TABLE numbered_contact AS SELECT id, email, row_number() OVER (ORDER BY email) AS n FROM contact`);
    for (const index of ['IDX_message_report', 'IDX_message_conversation', 'IDX_message_key', 'IDX_message_raw', 'IDX_message_search']) await query(`DROP INDEX IF EXISTS "${index}"`);
    // Conversation i starts at a point of the year; the reply comes after (i * 37) mod 1440 minutes.
    await query(
      `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, version, preview)
       SELECT $1, nc.id, 'Question ' || i, 'question ' || i, CASE WHEN i % 20 = 0 THEN 'spam' ELSE 'closed' END,
              $3::timestamptz - make_interval(secs => (($2 - i)::float / $2) * 365 * 86400) + make_interval(mins => (i * 37) % 1440 + 300),
              4, ARRAY[nc.email], md5(i::text), 4, 'Hello'
       FROM generate_series(1, $2) i JOIN numbered_contact nc ON nc.n = 1 + i % 50000`,
      [mailbox.id, conversations, NOW],
    );
    await query(
      `INSERT INTO message (conversation_id, mailbox_id, direction, kind, subject, received_at, text, new_text_start, new_text_end, thread_rule, from_address, send_status, activity)
       SELECT c.id, c.mailbox_id, CASE WHEN k IN (1, 3) THEN 'in' ELSE 'out' END, CASE WHEN k = 4 THEN 'activity' ELSE 'email' END, c.subject,
              c.last_message_at - make_interval(mins => ((c.id * 37) % 1440)::int + 300)
                + CASE k WHEN 1 THEN interval '0' WHEN 2 THEN make_interval(mins => ((c.id * 37) % 1440)::int) WHEN 3 THEN make_interval(mins => ((c.id * 37) % 1440)::int + 120) ELSE make_interval(mins => ((c.id * 37) % 1440)::int + 300) END,
              CASE k WHEN 1 THEN 'Hello, my calendar export is empty since yesterday. Could you have a look?' WHEN 2 THEN 'Thanks for writing: fixed now.' WHEN 3 THEN 'It works, thank you!' ELSE 'Closed.' END,
              0, 20, CASE WHEN k IN (1, 3) THEN 'new' ELSE 'ours' END, c.participants[1], CASE WHEN k = 2 THEN 'sent' END,
              CASE WHEN k = 4 THEN '{"type":"status","from":"pending","to":"closed","snoozedUntil":null}'::jsonb END
       FROM conversation c CROSS JOIN generate_series(1, ${PER_CONVERSATION}) k WHERE c.mailbox_id = $1`,
      [mailbox.id],
    );
    await query(
      `INSERT INTO quote (message_id, conversation_id, start_offset, end_offset, text, prefix, suffix, duty_date, pinned_by, pinned_at)
       SELECT m.id, m.conversation_id, 0, 20, 'my calendar export', '', '', (m.received_at AT TIME ZONE 'Europe/Paris')::date, $1, m.received_at + interval '3 hours'
       FROM message m WHERE m.kind = 'email' AND m.direction = 'in' AND m.conversation_id % 100 = 0 AND m.new_text_start = 0 AND m.thread_rule = 'new' AND m.text LIKE 'Hello%'`,
      [me],
    );
    await query(`CREATE INDEX "IDX_message_conversation" ON "message" ("conversation_id", "id")`);
    await query(`CREATE INDEX "IDX_message_key" ON "message" ("mailbox_id", md5("message_key"))`);
    await query(`CREATE INDEX "IDX_message_raw" ON "message" ("raw_message_id")`);
    await query(`CREATE INDEX "IDX_message_search" ON "message" USING gin ("search")`);
    await query(
      `CREATE INDEX "IDX_message_report" ON "message" ("mailbox_id", "received_at") INCLUDE ("conversation_id", "direction", "kind", "send_status", "activity") WHERE "kind" IN ('email', 'activity')`,
    );
    await query('VACUUM ANALYZE');
    const { rows } = await query(`SELECT (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM conversation)::int AS conversations, min(received_at) AS first, max(received_at) AS last FROM message`);
    console.log(`Seeded ${rows[0].messages} messages in ${rows[0].conversations} conversations (${rows[0].first.toISOString()} – ${rows[0].last.toISOString()}) in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`);
  }, 3_600_000);
  afterAll(async () => {
    await testApp?.close();
  });

  it('reports four weeks within 200 ms', async () => {
    const lines: string[] = [];
    const service = testApp.app.get(ReportsService);
    const goal: number[] = [];
    for (const [label, from, to, runs] of [
      ['four weeks (the page default)', '2026-11-02', '2026-11-29', RUNS],
      ['a quarter', '2026-09-01', '2026-11-30', 3],
      ['the whole year', '2025-12-01', '2026-11-30', 3],
    ] as const) {
      const timed = (count: number, work: () => Promise<unknown>) => timedRuns(count, work, runs === RUNS ? 3 : 1);
      // The API and the same report in-process, run by turns: on a shared machine both then see the same load.
      const api: number[] = [];
      const inProcess: number[] = [];
      await timed(runs, async () => {
        let started = performance.now();
        const response = await client.get(`/api/reports/duty?from=${from}&to=${to}`);
        api.push(performance.now() - started);
        expect(response.status).toBe(200);
        started = performance.now();
        await service.dutyReport({ rotationId: rotation.id, from, to });
        inProcess.push(performance.now() - started);
      });
      const warmUps = runs === RUNS ? 3 : 1;
      api.splice(0, warmUps);
      inProcess.splice(0, warmUps);
      // The duty plan alone: planned once per rotation version and period (the first call), then kept until the rotation changes.
      const dutyService = testApp.app.get(DutyService);
      const firstPlan = await timedRuns(1, async () => {
        dutyService.changed(rotation.id);
        await dutyService.calendar(rotation.id, from, to);
      }, 0);
      const keptPlan = await timed(runs, () => dutyService.calendar(rotation.id, from, to));
      // The report's one SQL statement alone, with the duty plan already made: the floor the API is compared with.
      const calendar = (await client.get(`/api/rotations/${rotation.id}/calendar?from=${from}&to=${to}`)).body as { days: { date: string; primary: { personId: string } | null }[] };
      const duty = calendar.days.filter((day) => day.primary).map((day) => ({ date: day.date, personId: day.primary!.personId }));
      const repository = testApp.app.get(ReportsRepository);
      const reportQuery = { mailboxIds: rotation.mailboxIds, timeZone: rotation.timeZone, handoffTime: rotation.handoffTime, from, to, workingDays: rotation.workingDays, holidays: rotation.holidays, startDate: rotation.startDate, duty, now: NOW, readFrom: new Date(Date.parse(`${from}T08:00:00Z`) - 31 * 86_400_000), readTo: new Date(Date.parse(`${to}T08:00:00Z`) + 32 * 86_400_000) };
      const bare = await timed(runs, () => repository.figures(reportQuery));
      // The direct query over the messages, as the report was computed before its summary: the baseline, and the figures it must equal.
      // (Once per longer period: the direct query takes seconds to minutes there.)
      const direct = runs === RUNS ? await timed(runs, () => directFigures(testApp.database.pool, reportQuery)) : await timedRuns(1, () => directFigures(testApp.database.pool, reportQuery), 0);
      const rounded = (rows: Awaited<ReturnType<typeof directFigures>>) => rows.map((row) => ({ ...row, p50: row.p50 === null ? null : Math.round(row.p50 * 1000), p90: row.p90 === null ? null : Math.round(row.p90 * 1000) }));
      expect(rounded(await repository.figures(reportQuery))).toEqual(rounded(await directFigures(testApp.database.pool, reportQuery)));
      if (process.env.BENCH_EXPLAIN) {
        const { REPORT_SQL } = await import('../../api/src/reports/reports.repository.js');
        const plan = await query(`EXPLAIN (ANALYZE, BUFFERS) ${REPORT_SQL}`, [reportQuery.mailboxIds, reportQuery.timeZone, reportQuery.handoffTime, from, to, reportQuery.workingDays, reportQuery.holidays, reportQuery.startDate, NOW, duty.map((d) => d.date), duty.map((d) => d.personId), reportQuery.readFrom, reportQuery.readTo]);
        console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
        const session = await timedRuns(runs, () => client.get('/api/session'));
        console.log(`GET /api/session ${figures(session)}`);
      }
      const report = await service.dutyReport({ rotationId: rotation.id, from, to });
      const received = report.days.reduce((sum, day) => sum + day.received, 0);
      const ratio = percentile(direct, 50) / percentile(api, 50);
      const sqlRatio = percentile(direct, 50) / percentile(bare, 50);
      lines.push(
        `${label} (${from} – ${to}, ${received} conversations received, ${runs} runs): API ${figures(api)}; in-process (plan + SQL) ${figures(inProcess)}; ` +
          `duty plan alone: first ${firstPlan[0]!.toFixed(1)} ms, kept ${figures(keptPlan)}; report SQL (summaries) ${figures(bare)}; ` +
          `baseline: direct SQL over the messages (the report before its summaries) ${figures(direct)}; baseline p50 / API p50 = ${ratio.toFixed(1)}×, baseline p50 / report SQL p50 = ${sqlRatio.toFixed(1)}×; same figures: yes`,
      );
      console.log(lines.at(-1));
      if (label.startsWith('four weeks')) goal.push(percentile(api, 50));
    }
    const csv = await timedRuns(RUNS, () => client.get(`/api/reports/duty.csv?from=2026-11-02&to=2026-11-29&table=weeks`));
    lines.push(`CSV of four weeks per week and person: ${figures(csv)}`);
    console.log(`\nDuty report benchmark, ${MESSAGES} messages over a year (load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')} on ${os.cpus().length} cores):\n  ${lines.join('\n  ')}\n`);
    expect(goal[0]).toBeLessThan(200);
  });
});
