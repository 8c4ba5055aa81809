import { Clock } from '../../api/src/common/clock.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import type { ApiClient } from './api-client.js';
import type { TestApp } from './app.js';
import { TestClock } from './clock.js';
import type { Dovecot } from './dovecot.js';
import { createTestMailbox } from './mailbox.js';

/**
 * A month of support in November 2026 for the duty report, written straight into PostgreSQL as
 * ingestion and replies would have left it (times in Paris, UTC+1 in November; handoff 09:00 Paris):
 *
 * Rotation Mon–Fri, Ada → Ben → Cleo from Monday 2 November, Cleo overriding Ada on Tuesday 10th.
 * - C1  Mon 2 10:00 customer, 11:30 our reply (FRT 1 h 30), 12:00 closed, a quote pinned 13:00 (and one retracted).
 * - C2  Mon 2 15:00 customer, Tue 3 10:00 reply (FRT 19 h; waiting at Ada's handoff).
 * - C3  Fri 6 20:00 customer, Mon 9 10:00 reply (FRT 14 h: the weekend is not duty time).
 * - C4  Sat 7 12:00 customer (nobody on duty), Mon 9 09:30 reply (FRT 30 min); waiting at Ben's Friday handoff with C3.
 * - C5  Tue 3 09:30 and 10:00 customer, never answered, closed Wed 4 11:00 (waiting at Ben's handoff).
 * - C6  spam, Tue 3: left out.   C7 bulk mail, Tue 3: left out.
 * - C8  began 1 October (customer and reply); customer again Tue 10 10:00, reply 11:00: answered, not received.
 * - C10 Thu 12 10:00 customer, 10:05 a reply that failed to send, Fri 13 10:00 the reply sent (FRT 24 h; waiting at Cleo's handoff).
 */
export const REPORT_MONTH = { from: '2026-11-02', to: '2026-11-29', now: new Date('2026-12-01T10:00:00Z') };

export async function seedDutyMonth(testApp: TestApp, admin: ApiClient): Promise<{ rotation: RotationDto; people: Record<'ada' | 'ben' | 'cleo', string> }> {
  const query = async (sql: string, values: unknown[] = []) => (await testApp.database.pool.query(sql, values)).rows;
  const me = (await admin.get('/api/session')).body.person;
  const people = { ada: me.id as string, ben: '', cleo: '' };
  for (const [key, name] of [
    ['ben', 'Ben'],
    ['cleo', 'Cleo'],
  ] as const) {
    people[key] = (await admin.post<PersonDto>('/api/people', { name, email: `${key}@wholegrain.test`, password: 'a long first password', supportRole: 'programmer', timeZone: 'Europe/London' })).body.id;
  }
  const fakeImap = { host: '127.0.0.1', port: 1 } as Dovecot;
  const mailbox = await createTestMailbox(testApp, fakeImap, 'reports', { password: 'not-used' });
  // The rotation was made the week before its first day (the report leaves days before a rotation existed to nobody).
  const clock = testApp.app.get(Clock);
  const now = clock instanceof TestClock ? clock.instant : null;
  if (clock instanceof TestClock) clock.instant = new Date('2026-10-26T10:00:00Z');
  const created = await admin.post<RotationDto>('/api/rotations', {
    name: 'Support',
    timeZone: 'Europe/Paris',
    workingDays: [1, 2, 3, 4, 5],
    startDate: '2026-11-02',
    handoffTime: '09:00',
    mailboxIds: [mailbox.id],
    members: [{ personId: people.ada }, { personId: people.ben }, { personId: people.cleo }],
  });
  if (created.status !== 201) throw new Error(`rotation: ${created.status} ${JSON.stringify(created.body)}`);
  const override = await admin.post(`/api/rotations/${created.body.id}/changes`, { kind: 'override', role: 'primary', personId: people.cleo, from: '2026-11-10', to: '2026-11-10', reason: 'Ada at a conference' });
  if (override.status !== 201) throw new Error(`override: ${override.status} ${JSON.stringify(override.body)}`);
  if (clock instanceof TestClock && now) clock.instant = now;

  /** Paris wall time in November (UTC+1) as an instant. */
  const paris = (day: string, time: string) => new Date(`${day}T${time}:00+01:00`);
  type Event = [at: Date, what: 'in' | 'out' | 'failed' | 'closed'];
  let serial = 0;
  const conversation = async (customer: string, events: Event[], status = 'open', kind = 'email') => {
    serial += 1;
    const [contact] = await query(`INSERT INTO contact (email, name) VALUES ($1, $2) RETURNING id`, [`${customer}@customer.example`, customer]);
    const last = events.at(-1)![0];
    const [row] = await query(
      `INSERT INTO conversation (mailbox_id, contact_id, subject, base_subject, status, last_message_at, message_count, participants, thread_token, preview)
       VALUES ($1, $2, $3, lower($3), $4, $5, $6, ARRAY[$7], md5($3), 'Hello') RETURNING id::text`,
      [mailbox.id, contact.id, `Question ${serial} from ${customer}`, status, last, events.length, `${customer}@customer.example`],
    );
    const ids: string[] = [];
    for (const [at, what] of events) {
      const text = what === 'in' ? `Hello, this is ${customer} with question ${serial}.` : what === 'closed' ? 'Ada closed the conversation.' : 'Thanks, here is the answer.';
      const [message] = await query(
        `INSERT INTO message (conversation_id, mailbox_id, direction, kind, subject, received_at, text, new_text_start, new_text_end, thread_rule, from_address, send_status, activity)
         VALUES ($1, $2, $3, $4, 'Question', $5, $6, 0, length($6), $7, $8, $9, $10) RETURNING id::text`,
        [
          row.id,
          mailbox.id,
          what === 'in' ? 'in' : 'out',
          what === 'closed' ? 'activity' : what === 'in' ? kind : 'email',
          at,
          text,
          what === 'in' ? 'new' : 'ours',
          what === 'in' ? `${customer}@customer.example` : mailbox.address,
          what === 'out' ? 'sent' : what === 'failed' ? 'failed' : null,
          what === 'closed' ? JSON.stringify({ type: 'status', from: 'pending', to: 'closed', snoozedUntil: null }) : null,
        ],
      );
      ids.push(message.id);
    }
    return { id: row.id as string, messageIds: ids };
  };

  const c1 = await conversation('carla', [
    [paris('2026-11-02', '10:00'), 'in'],
    [paris('2026-11-02', '11:30'), 'out'],
    [paris('2026-11-02', '12:00'), 'closed'],
  ], 'closed');
  await conversation('dan', [
    [paris('2026-11-02', '15:00'), 'in'],
    [paris('2026-11-03', '10:00'), 'out'],
  ], 'pending');
  await conversation('erin', [
    [paris('2026-11-06', '20:00'), 'in'],
    [paris('2026-11-09', '10:00'), 'out'],
  ], 'pending');
  await conversation('fay', [
    [paris('2026-11-07', '12:00'), 'in'],
    [paris('2026-11-09', '09:30'), 'out'],
  ], 'pending');
  await conversation('gus', [
    [paris('2026-11-03', '09:30'), 'in'],
    [paris('2026-11-03', '10:00'), 'in'],
    [paris('2026-11-04', '11:00'), 'closed'],
  ], 'closed');
  await conversation('offers', [[paris('2026-11-03', '10:00'), 'in']], 'spam');
  await conversation('newsletter', [[paris('2026-11-03', '07:00'), 'in']], 'bulk', 'bulk');
  await conversation('hal', [
    [new Date('2026-10-01T08:00:00Z'), 'in'],
    [new Date('2026-10-01T09:00:00Z'), 'out'],
    [paris('2026-11-10', '10:00'), 'in'],
    [paris('2026-11-10', '11:00'), 'out'],
  ], 'pending');
  await conversation('ivy', [
    [paris('2026-11-12', '10:00'), 'in'],
    [paris('2026-11-12', '10:05'), 'failed'],
    [paris('2026-11-13', '10:00'), 'out'],
  ], 'pending');

  for (const [at, retracted] of [
    [paris('2026-11-02', '13:00'), false],
    [paris('2026-11-02', '13:30'), true],
  ] as const) {
    await query(
      `INSERT INTO quote (message_id, conversation_id, start_offset, end_offset, text, prefix, suffix, duty_date, pinned_by, pinned_at, retracted_at, duty_person_id)
       VALUES ($1, $2, 0, 5, 'Hello', '', '', '2026-11-02', $3, $4, $5, $3)`,
      [c1.messageIds[0], c1.id, people.ada, at, retracted ? at : null],
    );
  }
  return { rotation: created.body, people };
}
