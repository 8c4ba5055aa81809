import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DutyNowDto, RotationDto, UnroutedDto } from '../../api/src/duty/duty.types.js';
import type { PersonDto } from '../../api/src/people/people.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { DutyService } from '../../api/src/duty/duty.service.js';

describe('honest routing', () => {
  // Tuesday 24 March, 08:30 in Paris: Monday's duty (Ada) runs until the 09:00 handoff, then Grace's.
  const clock = new TestClock(new Date('2026-03-24T07:30:00Z'));
  let testApp: TestApp;
  let dovecot: Dovecot;
  let admin: ApiClient;
  let rotation: RotationDto;
  let mailboxId: string;
  const ids: Record<string, string> = {};
  const assignees = async () =>
    (await testApp.database.pool.query<{ subject: string; name: string | null }>(`SELECT c.subject, p.name FROM conversation c LEFT JOIN person p ON p.id = c.assignee_id ORDER BY c.id`)).rows.map(
      (row) => `${row.subject}: ${row.name ?? 'unassigned'}`,
    );

  beforeAll(async () => {
    [testApp, dovecot] = await Promise.all([startTestApp({ clock }), startDovecot()]);
    admin = new ApiClient(testApp.baseUrl);
    ids.ada = (await admin.setup(FOUNDER)).body.person.id;
    ids.grace = (await admin.post<PersonDto>('/api/people', { name: 'Grace', email: 'grace@wholegrain.test', password: 'a long first password', supportRole: 'designer', timeZone: 'Europe/London' })).body.id;
    mailboxId = (await createTestMailbox(testApp, dovecot, 'routing')).id;
    // Two customers wrote before any rotation existed.
    await dovecot.deliver('routing', [buildInboundEmail({ subject: 'Old one' }), buildInboundEmail({ subject: 'Old two', from: 'bob@customer.example' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailboxId);
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('says who is on duty until the handoff, and who is next, before the handoff time', async () => {
    rotation = (
      await admin.post<RotationDto>('/api/rotations', {
        name: 'Support',
        timeZone: 'Europe/Paris',
        workingDays: [1, 2, 3, 4, 5],
        startDate: '2026-03-23',
        mailboxIds: [mailboxId],
        members: [{ personId: ids.ada }, { personId: ids.grace }],
      })
    ).body;
    const [now] = (await admin.get<DutyNowDto[]>('/api/duty/now')).body;
    expect(now).toMatchObject({ date: '2026-03-23', primary: { name: 'Ada Founder' }, until: '2026-03-24T08:00:00.000Z', next: { date: '2026-03-24', from: '2026-03-24T08:00:00.000Z', primary: { name: 'Grace' } } });
  });

  it('never assigns conversations from before the rotation at a handoff, but offers them', async () => {
    clock.instant = new Date('2026-03-24T08:05:00Z'); // Grace's duty has begun
    expect(await testApp.app.get(DutyService).runDueHandoffs(clock.now())).toEqual([expect.objectContaining({ dutyDate: '2026-03-24', assigned: 0 })]);
    expect(await assignees()).toEqual(['Old one: unassigned', 'Old two: unassigned']);
    expect((await admin.get<UnroutedDto>(`/api/rotations/${rotation.id}/unrouted`)).body).toMatchObject({ count: 2, onDuty: { name: 'Grace' } });

    // A new conversation is routed on arrival as before.
    await dovecot.deliver('routing', [buildInboundEmail({ subject: 'New one', from: 'cy@customer.example' })]);
    await testApp.app.get(MailboxSyncService).syncNow(mailboxId);
    expect(await assignees()).toEqual(['Old one: unassigned', 'Old two: unassigned', 'New one: Grace']);
  });

  it('assigns the old ones only when an admin accepts the offer, and audits it', async () => {
    const grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', 'a long first password');
    expect((await grace.post(`/api/rotations/${rotation.id}/unrouted/assign`)).status).toBe(403);
    const accepted = await admin.post(`/api/rotations/${rotation.id}/unrouted/assign`);
    expect(accepted.body).toMatchObject({ assigned: 2, to: { name: 'Grace' } });
    expect(await assignees()).toEqual(['Old one: Grace', 'Old two: Grace', 'New one: Grace']);
    expect((await admin.get<UnroutedDto>(`/api/rotations/${rotation.id}/unrouted`)).body.count).toBe(0);
    const { rows } = await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'rotation.assigned_unrouted'`);
    expect(rows).toEqual([{ details: { count: 2, to: ids.grace } }]);
  });

  it('keeps a mailbox’s routing start when the rotation is edited', async () => {
    const before = (await testApp.database.pool.query(`SELECT routed_since FROM rotation_mailbox`)).rows;
    expect((await admin.patch(`/api/rotations/${rotation.id}`, { name: 'Support team', mailboxIds: [mailboxId] })).status).toBe(200);
    expect((await testApp.database.pool.query(`SELECT routed_since FROM rotation_mailbox`)).rows).toEqual(before);
  });
});
