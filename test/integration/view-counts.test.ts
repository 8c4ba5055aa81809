import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto, ViewCountsDto } from '../../api/src/conversations/conversations.types.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

/**
 * The view counts come from a counter kept by triggers, not from reading every conversation: after
 * each thing people and sync do, they must equal what counting the conversations themselves says.
 */
describe('view counts', () => {
  let testApp: TestApp;
  let dovecot: Dovecot;
  let client: ApiClient;
  let me: string;
  let support: Mailbox;
  let sales: Mailbox;
  const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;

  /** The counts by reading every conversation (what the API did before the counter). */
  async function counted(): Promise<ViewCountsDto> {
    const counts: ViewCountsDto = { unassigned: 0, mine: 0, open: 0, pending: 0, snoozed: 0, closed: 0, spam: 0, bulk: 0, mailboxes: {} };
    const rows = await query(
      `SELECT mailbox_id AS "mailboxId", status, assignee_id IS NULL AS unassigned, COALESCE(assignee_id = $1, false) AS mine, count(*)::int AS count FROM conversation GROUP BY 1, 2, 3, 4`,
      [me],
    );
    for (const row of rows) {
      counts[row.status as keyof Omit<ViewCountsDto, 'mailboxes'>] += row.count;
      if (row.status !== 'open') continue;
      if (row.unassigned) counts.unassigned += row.count;
      if (row.mine) counts.mine += row.count;
      counts.mailboxes[row.mailboxId] = (counts.mailboxes[row.mailboxId] ?? 0) + row.count;
    }
    return counts;
  }
  /** The API's counts, checked against counting the conversations. */
  async function counts(): Promise<ViewCountsDto> {
    const response = await client.get<ViewCountsDto>('/api/conversations/counts');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(await counted());
    return response.body;
  }
  const deliver = async (mailbox: Mailbox, user: string, ...mail: string[]) => {
    await dovecot.deliver(user, mail);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  const bySubject = async (subject: string) => (await query(`SELECT id::text, version FROM conversation WHERE subject = $1`, [subject]))[0] as { id: string; version: number };
  const patch = async (subject: string, body: Record<string, unknown>) => {
    const response = await client.patch<ConversationDto>(`/api/conversations/${(await bySubject(subject)).id}`, body);
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    [testApp, dovecot] = await Promise.all([startTestApp(), startDovecot()]);
    client = new ApiClient(testApp.baseUrl);
    expect((await client.setup(FOUNDER)).status).toBe(201);
    me = (await client.get('/api/session')).body.person.id;
    support = await createTestMailbox(testApp, dovecot, 'counts-support');
    sales = await createTestMailbox(testApp, dovecot, 'counts-sales');
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('stay right through ingest, reply, assign, close, snooze, spam, bulk, merge and a reopening mail', async () => {
    expect(await counts()).toMatchObject({ open: 0, unassigned: 0, mailboxes: {} });

    await deliver(
      support,
      'counts-support',
      buildInboundEmail({ from: 'Ana <ana@customer.example>', subject: 'Export fails' }),
      buildInboundEmail({ from: 'Ben <ben@customer.example>', subject: 'Invoice copy', messageId: '<invoice@customer.example>' }),
      buildInboundEmail({ from: 'Cleo <cleo@customer.example>', subject: 'Calendar drift' }),
      buildInboundEmail({ from: 'Dev <dev@customer.example>', subject: 'Cheap pills' }),
      buildInboundEmail({ from: 'Ana <ana@customer.example>', subject: 'Also: login' }),
      buildInboundEmail({
        from: 'Product Weekly <news@weekly.example>',
        subject: 'Product Weekly #42',
        headers: { Precedence: 'bulk', 'List-Unsubscribe': '<https://weekly.example/unsubscribe?u=1>' },
      }),
    );
    await deliver(sales, 'counts-sales', buildInboundEmail({ from: 'Eve <eve@customer.example>', subject: 'Pricing' }), buildInboundEmail({ from: 'Fay <fay@customer.example>', subject: 'Seats' }));
    expect(await counts()).toEqual({ unassigned: 7, mine: 0, open: 7, pending: 0, snoozed: 0, closed: 0, spam: 0, bulk: 1, mailboxes: { [support.id]: 5, [sales.id]: 2 } });

    // A reply moves the conversation to the mailbox's after-reply status (pending by default).
    const exportFails = await bySubject('Export fails');
    const replied = await client.post(`/api/conversations/${exportFails.id}/replies`, { text: 'Looking into it.', seenVersion: exportFails.version, after: 'pending' });
    expect(replied.status).toBe(201);
    expect(await counts()).toMatchObject({ open: 6, pending: 1, unassigned: 6, mailboxes: { [support.id]: 4, [sales.id]: 2 } });

    await patch('Invoice copy', { assigneeId: me });
    expect(await counts()).toMatchObject({ open: 6, mine: 1, unassigned: 5 });
    await patch('Invoice copy', { status: 'closed' });
    expect(await counts()).toMatchObject({ open: 5, mine: 0, closed: 1, unassigned: 5, mailboxes: { [support.id]: 3, [sales.id]: 2 } });
    await patch('Calendar drift', { status: 'snoozed', snoozedUntil: new Date(Date.now() + 86_400_000).toISOString() });
    await patch('Cheap pills', { status: 'spam' });
    await patch('Pricing', { assigneeId: me });
    expect(await counts()).toEqual({ unassigned: 2, mine: 1, open: 3, pending: 1, snoozed: 1, closed: 1, spam: 1, bulk: 1, mailboxes: { [support.id]: 1, [sales.id]: 2 } });

    // Bulk is a place too: out of it and back.
    await patch('Product Weekly #42', { status: 'open' });
    expect(await counts()).toMatchObject({ open: 4, bulk: 0 });
    await patch('Product Weekly #42', { status: 'bulk' });
    expect(await counts()).toMatchObject({ open: 3, bulk: 1 });

    // The customer writes again into the closed conversation: it opens again.
    await deliver(
      support,
      'counts-support',
      buildInboundEmail({ from: 'Ben <ben@customer.example>', subject: 'Re: Invoice copy', inReplyTo: '<invoice@customer.example>', references: '<invoice@customer.example>' }),
    );
    expect(await counts()).toMatchObject({ open: 4, closed: 0 });

    // Merging two of Ana's conversations leaves one.
    const before = await counts();
    const older = await bySubject('Export fails');
    const newer = await bySubject('Also: login');
    const merged = await client.post(`/api/conversations/${older.id}/merge`, { otherId: newer.id });
    expect(merged.status).toBeLessThan(300);
    const after = await counts();
    const total = (c: ViewCountsDto) => c.open + c.pending + c.snoozed + c.closed + c.spam + c.bulk;
    expect(total(after)).toBe(total(before) - 1);
  });

  it('stay right through many conversations changed in one statement, and when the counter folds its rows', async () => {
    const mineBefore = (await counts()).mine;
    // A thousand conversations arriving and being closed in bulk: two thousand delta rows.
    await query(
      `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, version, preview)
       SELECT $1, (SELECT id FROM contact LIMIT 1), 'Bulk ' || i, 'bulk ' || i, 'open', now(), 0, ARRAY[]::text[], md5(i::text || 'counts'), 1, ''
       FROM generate_series(1, 1000) i`,
      [sales.id],
    );
    for (let round = 0; round < 3; round += 1) {
      await query(`UPDATE conversation SET status = 'closed' WHERE subject LIKE 'Bulk %'`);
      await query(`UPDATE conversation SET status = 'open', assignee_id = $1 WHERE subject LIKE 'Bulk %' AND id % 2 = 0`, [me]);
    }
    const rowsBefore = Number((await query(`SELECT count(*) FROM conversation_count`))[0].count);
    expect(rowsBefore).toBeGreaterThan(2_000);
    const folded = await counts();
    const rowsAfter = Number((await query(`SELECT count(*) FROM conversation_count`))[0].count);
    expect(rowsAfter).toBeLessThan(50);
    expect(folded.mine).toBe(mineBefore + 500);
    expect(await counts()).toEqual(folded);

    await query(`DELETE FROM conversation WHERE subject LIKE 'Bulk %' AND id % 2 = 0`);
    expect((await counts()).mine).toBe(mineBefore);
  });
});
