import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { CalendarDto, RotationDto } from '../../api/src/duty/duty.types.js';
import { IngestService } from '../../api/src/ingest/ingest.service.js';
import { MailboxFetchService } from '../../api/src/sync/mailbox-fetch.service.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import type { NotificationListDto } from '../../api/src/notifications/notifications.types.js';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const PASSWORD = 'a long first password';

describe('notifications', () => {
  let testApp: TestApp;
  let second: NestExpressApplication;
  let secondUrl: string;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let mailbox: Mailbox;
  let ada: ApiClient;
  let ben: ApiClient;
  let grace: ApiClient;
  const ids: Record<'ada' | 'ben' | 'grace', string> = { ada: '', ben: '', grace: '' };

  const inbox = async (client: ApiClient) => (await client.get<NotificationListDto>('/api/notifications')).body;
  const kinds = async (client: ApiClient) => (await inbox(client)).items.map((item) => `${item.kind}: ${item.title}`);
  const deliver = async (...messages: string[]) => {
    await dovecot.deliver('inbox', messages);
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  };
  // After a reply a conversation moves to Pending (the mailbox default), so look in every status.
  const conversationOf = async (subject: string) => {
    for (const status of ['open', 'pending', 'snoozed', 'closed']) {
      const found = (await ada.get<{ items: { id: string; subject: string }[] }>(`/api/conversations?status=${status}`)).body.items.find((item) => item.subject === subject);
      if (found) return found.id;
    }
    throw new Error(`No conversation "${subject}"`);
  };

  beforeAll(async () => {
    [testApp, dovecot, smtp] = await Promise.all([startTestApp(), startDovecot(), startSmtpReceiver()]);
    ada = new ApiClient(testApp.baseUrl);
    ids.ada = (await ada.setup({ ...FOUNDER, timeZone: 'UTC' })).body.person.id;
    for (const [key, name] of [
      ['ben', 'Ben Brown'],
      ['grace', 'Grace Hopper'],
    ] as const) {
      ids[key] = (await ada.post<PersonDto>('/api/people', { name, email: `${key}@wholegrain.test`, password: PASSWORD, supportRole: 'programmer', timeZone: 'UTC' })).body.id;
    }
    ben = new ApiClient(testApp.baseUrl);
    await ben.signIn('ben@wholegrain.test', PASSWORD);
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@wholegrain.test', PASSWORD);
    mailbox = await createTestMailbox(testApp, dovecot, 'inbox', {
      address: 'help@acme.example',
      name: 'Acme Help',
      smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
    });
    // Grace alone in the mailbox's rotation, every day of the week: she is always on duty.
    await ada.post('/api/rotations', { name: 'Support', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], startDate: '2026-01-05', mailboxIds: [mailbox.id], members: [{ personId: ids.grace }] });
    // A second API process on the same database, as in a scaled-out deployment.
    second = await createApp({ config: testApp.config, databaseUrl: testApp.database.url });
    await second.listen(0, '127.0.0.1');
    secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await second?.close();
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  it('tells the person on duty about a new conversation, once, even when two processes sync the same mail', async () => {
    await dovecot.deliver('inbox', [buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Export fails', body: 'Exporting to CSV fails with a blank file.' })]);
    // One process fetches the raw mail; both process what is pending at the same moment.
    await testApp.app.get(MailboxFetchService).fetchNewMail(mailbox);
    await Promise.all([testApp.app.get(IngestService).processPending(null), second.get(IngestService).processPending(null)]);
    const graces = await inbox(grace);
    expect(graces.unread).toBe(1);
    expect(graces.items).toMatchObject([
      { kind: 'new_conversation', title: 'New conversation from Ana Alves: Export fails', body: 'Exporting to CSV fails with a blank file.', readAt: null, actor: null },
    ]);
    expect(graces.items[0]!.url).toBe(`/inbox/open/${await conversationOf('Export fails')}`);
    expect(await kinds(ada)).toEqual([]);
    expect(await kinds(ben)).toEqual([]);
  });

  it('tells the assignee, not the one who assigned, and the assignee and the person on duty once each when the customer replies', async () => {
    const id = await conversationOf('Export fails');
    await ada.patch(`/api/conversations/${id}`, { assigneeId: ids.ben });
    expect(await kinds(ben)).toEqual(['assigned: Ada Founder assigned you: Export fails']);
    expect(await kinds(ada)).toEqual([]);
    // Taking a conversation yourself notifies nobody.
    await ben.patch(`/api/conversations/${id}`, { assigneeId: ids.ada });
    await ben.patch(`/api/conversations/${id}`, { assigneeId: ids.ben });
    expect(await kinds(ben)).toHaveLength(1);
    expect(await kinds(ada)).toEqual(['assigned: Ben Brown assigned you: Export fails']);

    const conversation = (await ada.get<{ messages: { messageIdHeader: string | null }[] }>(`/api/conversations/${id}`)).body;
    await deliver(
      buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Re: Export fails', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'Still blank, even with a tiny file.' }),
    );
    expect((await inbox(ben)).items[0]).toMatchObject({ kind: 'customer_reply', title: 'Ana Alves replied in your conversation: Re: Export fails', body: 'Still blank, even with a tiny file.' });
    expect((await kinds(grace)).filter((kind) => kind.startsWith('customer_reply'))).toEqual(['customer_reply: Ana Alves replied: Re: Export fails']);
    expect(await kinds(ada)).toHaveLength(1);
  });

  it('notifies the people a note mentions, each once, and never its author', async () => {
    const id = await conversationOf('Export fails');
    await ada.post(`/api/conversations/${id}/notes`, { text: '@Ben Brown and @grace: can you look? @Ben Brown again. (cc @Ada Founder, me)' });
    expect((await kinds(ben)).filter((kind) => kind.startsWith('mention'))).toEqual(['mention: Ada Founder mentioned you: Export fails']);
    expect((await kinds(grace)).filter((kind) => kind.startsWith('mention'))).toEqual(['mention: Ada Founder mentioned you: Export fails']);
    expect((await inbox(grace)).items[0]!.body).toBe('@Ben Brown and @grace: can you look? @Ben Brown again. (cc @Ada Founder, me)');
    expect((await kinds(ada)).filter((kind) => kind.startsWith('mention'))).toEqual([]);
  });

  it('tells the rest of the rotation about a swap request, and the requester when someone takes it', async () => {
    const swaps = (await ada.post<RotationDto>('/api/rotations', { name: 'Swaps', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], startDate: '2026-04-06', members: [{ personId: ids.ada }, { personId: ids.ben }] })).body;
    const week = (await ada.get<CalendarDto>(`/api/rotations/${swaps.id}/calendar?from=2026-04-06&to=2026-04-07`)).body.days.map((day) => day.primary!.personId);
    expect(week).toEqual([ids.ada, ids.ben]);
    const asked = await ben.post(`/api/rotations/${swaps.id}/swap-requests`, { date: '2026-04-07', reason: 'Dentist' });
    expect(asked.status).toBe(201);
    expect((await inbox(ada)).items[0]).toMatchObject({ kind: 'swap_request', title: 'Ben Brown asks someone to take 2026-04-07 (primary)', body: 'Dentist', url: '/rotation' });
    expect((await kinds(ben)).filter((kind) => kind.startsWith('swap'))).toEqual([]);
    expect((await kinds(grace)).filter((kind) => kind.startsWith('swap'))).toEqual([]);
    await ada.post(`/api/swap-requests/${asked.body.id}/take`, { date: '2026-04-06' });
    expect((await inbox(ben)).items[0]).toMatchObject({ kind: 'swap_answer', title: 'Ada Founder takes your 2026-04-07; you take 2026-04-06' });
    expect((await kinds(ada)).filter((kind) => kind.startsWith('swap_answer'))).toEqual([]);
  });

  it('tells the author when a reply could not be sent', async () => {
    const id = await conversationOf('Export fails');
    const seenVersion = (await ben.get<{ version: number }>(`/api/conversations/${id}`)).body.version;
    expect((await ben.post(`/api/conversations/${id}/replies`, { text: 'Could you send us the file?', seenVersion })).status).toBe(201);
    smtp.failNext(550);
    await testApp.app.get(OutboxWorker).runOnce();
    const failed = (await inbox(ben)).items[0]!;
    expect(failed).toMatchObject({ kind: 'reply_failed', title: 'Your reply could not be sent: Export fails', url: `/inbox/open/${id}` });
    expect(failed.body).toContain('550');
    expect((await kinds(ada)).filter((kind) => kind.startsWith('reply_failed'))).toEqual([]);
  });

  it('marks one read, then all, only for their owner; the live stream of another process tells only the recipient', async () => {
    const before = await inbox(grace);
    expect(before.unread).toBeGreaterThan(1);
    expect((await ben.post(`/api/notifications/${before.items[0]!.id}/read`)).status).toBe(404);
    expect((await grace.post(`/api/notifications/${before.items[0]!.id}/read`)).status).toBe(204);
    expect((await inbox(grace)).unread).toBe(before.unread - 1);
    expect((await grace.post('/api/notifications/read-all')).status).toBe(204);
    expect((await inbox(grace)).unread).toBe(0);
    expect((await inbox(ben)).unread).toBeGreaterThan(0);

    // Grace's and Ben's streams on the second process; a notification for Grace is made on the first.
    const streams = await Promise.all(
      [grace, ben].map(async (client) => {
        const controller = new AbortController();
        const cookie = (client as unknown as { cookies: Map<string, string> }).cookies;
        const response = await fetch(`${secondUrl}/api/events`, { headers: { cookie: [...cookie].map(([name, value]) => `${name}=${value}`).join('; ') }, signal: controller.signal });
        const reader = response.body!.getReader();
        let text = '';
        void (async () => {
          for (;;) {
            const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
            if (done) return;
            text += Buffer.from(value!).toString();
          }
        })();
        return { read: () => text, close: () => controller.abort() };
      }),
    );
    const id = await conversationOf('Export fails');
    await ada.patch(`/api/conversations/${id}`, { assigneeId: ids.grace });
    await expect.poll(() => streams[0]!.read(), { timeout: 5_000 }).toContain(`event: notification\ndata: {"type":"notification","personId":"${ids.grace}"}`);
    expect(streams[1]!.read()).not.toContain('event: notification');
    for (const stream of streams) stream.close();
    expect((await inbox(grace)).unread).toBe(1);
    // Opening the conversation reads what told her about it (and its batched email leaves it out).
    expect((await grace.get(`/api/conversations/${id}`)).status).toBe(200);
    expect((await inbox(grace)).unread).toBe(0);
    expect((await testApp.database.pool.query(`SELECT count(*)::int AS n FROM notification WHERE person_id = $1 AND conversation_id = $2 AND read_at IS NULL`, [ids.grace, id])).rows[0].n).toBe(0);
  });

  it('honours preferences: a kind turned off makes no notification, the others still arrive', async () => {
    expect((await grace.get('/api/notifications/preferences')).body).toMatchObject({ mention: { inApp: true }, assigned: { inApp: true } });
    expect((await grace.request('PUT', '/api/notifications/preferences', { mention: { inApp: false } })).body).toMatchObject({ mention: { inApp: false }, assigned: { inApp: true } });
    expect((await grace.request('PUT', '/api/notifications/preferences', { nonsense: { inApp: false } })).status).toBe(400);
    const before = (await inbox(grace)).items.length;
    const id = await conversationOf('Export fails');
    await ada.post(`/api/conversations/${id}/notes`, { text: '@Grace Hopper, quiet please' });
    await ada.patch(`/api/conversations/${id}`, { assigneeId: ids.ben });
    await ada.patch(`/api/conversations/${id}`, { assigneeId: ids.grace });
    expect((await kinds(grace)).slice(0, (await inbox(grace)).items.length - before)).toEqual(['assigned: Ada Founder assigned you: Export fails']);
  });

  it('lets everyone change their own name and time zone, but not their access', async () => {
    const changed = await ben.patch('/api/me', { name: 'Ben B. Brown', timeZone: 'America/New_York' });
    expect(changed.body).toMatchObject({ name: 'Ben B. Brown', timeZone: 'America/New_York', access: 'member' });
    expect((await ben.patch('/api/me', { access: 'admin' })).status).toBe(400);
    expect((await ben.patch('/api/me', { timeZone: 'Mars/Olympus' })).status).toBe(400);
  });

  it('gives one notification, not two, to someone who is both the assignee and on duty', async () => {
    const id = await conversationOf('Export fails');
    expect((await ada.get<{ assignee: { id: string } | null }>(`/api/conversations/${id}`)).body.assignee?.id).toBe(ids.grace);
    const replies = async () => (await kinds(grace)).filter((kind) => kind.startsWith('customer_reply'));
    const before = await replies();
    const conversation = (await ada.get<{ messages: { messageIdHeader: string | null }[] }>(`/api/conversations/${id}`)).body;
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Re: Export fails', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'Any news?' }));
    expect(await replies()).toEqual(['customer_reply: Ana Alves replied in your conversation: Re: Export fails', ...before]);
  });

  it("keeps customer mail to the person's duty hours when they choose 'only while I am on duty'", async () => {
    const id = await conversationOf('Export fails');
    await ada.patch(`/api/conversations/${id}`, { assigneeId: ids.ben });
    expect((await ben.request('PUT', '/api/notifications/preferences', { assigned: { onlyOnDuty: true } })).status).toBe(400);
    const set = await ben.request('PUT', '/api/notifications/preferences', { new_conversation: { onlyOnDuty: true }, customer_reply: { onlyOnDuty: true } });
    expect(set.body.customer_reply).toEqual({ inApp: true, push: true, email: true, onlyOnDuty: true });
    const replies = async (client: ApiClient) => (await kinds(client)).filter((kind) => kind.startsWith('customer_reply'));
    const [benBefore, graceBefore] = [await replies(ben), await replies(grace)];
    const conversation = (await ada.get<{ messages: { messageIdHeader: string | null }[] }>(`/api/conversations/${id}`)).body;
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Re: Export fails', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'Hello again, it works now.' }));
    // Ben (assignee, not on duty) hears nothing; Grace, on duty, does.
    expect(await replies(ben)).toEqual(benBefore);
    expect(await replies(grace)).toEqual(['customer_reply: Ana Alves replied: Re: Export fails', ...graceBefore]);
    await ben.request('PUT', '/api/notifications/preferences', { customer_reply: { onlyOnDuty: false } });
    await deliver(buildInboundEmail({ from: 'Ana Alves <ana@customer.example>', subject: 'Re: Export fails', inReplyTo: conversation.messages[0]!.messageIdHeader!, body: 'One last thing.' }));
    expect(await replies(ben)).toEqual(['customer_reply: Ana Alves replied in your conversation: Re: Export fails', ...benBefore]);
  });

  it('tells the teammate a handoff note is addressed to, and nobody else', async () => {
    const rotation = (await ada.get<RotationDto[]>('/api/rotations')).body.find((candidate) => candidate.name === 'Support')!;
    expect((await grace.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Ana may write again about CSV.', addresseeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
    const sent = await grace.post(`/api/rotations/${rotation.id}/handoff-notes`, { text: 'Ana may write again about CSV.', addresseeId: ids.ben });
    expect(sent.status).toBe(201);
    expect((await inbox(ben)).items[0]).toMatchObject({ kind: 'handoff_note', title: 'Grace Hopper left you a handoff note (Support)', body: 'Ana may write again about CSV.', url: '/rotation' });
    expect((await kinds(grace)).filter((kind) => kind.startsWith('handoff_note'))).toEqual([]);
    expect((await kinds(ada)).filter((kind) => kind.startsWith('handoff_note'))).toEqual([]);
    expect((await ada.get(`/api/rotations/${rotation.id}/handoff-notes`)).body[0]).toMatchObject({ author: { id: ids.grace }, addressee: { id: ids.ben, name: 'Ben B. Brown' } });
  });

  it('recorded every event kind once per recipient, with each channel queued once, and never for the actor', async () => {
    const { rows } = await testApp.database.pool.query(
      `SELECT kind, person_id::text AS "personId", actor_id::text AS "actorId", event_key AS "eventKey", in_app AS "inApp", email_pending AS "email", push_pending AS "push" FROM notification`,
    );
    const kindsSeen = new Set(rows.map((row: { kind: string }) => row.kind));
    expect([...kindsSeen].sort()).toEqual(['assigned', 'customer_reply', 'handoff_note', 'mention', 'new_conversation', 'reply_failed', 'swap_answer', 'swap_request']);
    for (const row of rows as { personId: string; actorId: string | null; email: boolean; push: boolean }[]) {
      expect(row.personId).not.toBe(row.actorId);
      // Email is on by default and nobody here subscribed a device to push.
      expect(row.email).toBe(true);
      expect(row.push).toBe(false);
    }
    const keys = rows.map((row: { personId: string; eventKey: string }) => `${row.personId}|${row.eventKey}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
