import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { RotationDto } from '../../api/src/duty/duty.types.js';
import { NotificationDeliveryService } from '../../api/src/notification-delivery/notification-delivery.service.js';
import type { NotificationListDto } from '../../api/src/notifications/notifications.types.js';
import type { PersonDto } from '../../api/src/people/people.contract.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const PASSWORD = 'a long first password';
const PUBLIC_URL = 'http://support.acme.test';
const minutes = (count: number) => count * 60_000;

describe('notification emails', () => {
  let testApp: TestApp;
  let second: NestExpressApplication;
  let smtp: SmtpReceiver;
  let ada: ApiClient;
  let ben: ApiClient;
  let grace: ApiClient;
  const ids = { ada: '', ben: '', grace: '' };
  let rotation: RotationDto;

  const note = (client: ApiClient, text: string, addresseeId: string) => client.post(`/api/rotations/${rotation.id}/handoff-notes`, { text, addresseeId });
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const parse = (raw: Buffer) => simpleParser(raw);
  /** Every process's delivery run at the same instant (the app's clock is real; `now` is what the batching compares). */
  const deliverAt = (now: Date) => Promise.all([testApp.app.get(NotificationDeliveryService).runOnce(now), second.get(NotificationDeliveryService).runOnce(now)]);

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    testApp = await startTestApp({ config: { smtpUrl: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${smtp.port}`, mailFrom: 'Wholegrain <wholegrain@acme.test>', publicUrl: PUBLIC_URL } });
    ada = new ApiClient(testApp.baseUrl);
    ids.ada = (await ada.setup({ ...FOUNDER, timeZone: 'UTC' })).body.person.id;
    for (const [key, name] of [
      ['ben', 'Ben Brown'],
      ['grace', 'Grace Hopper'],
    ] as const) {
      ids[key] = (await ada.post<PersonDto>('/api/people', { name, email: `${key}@acme.test`, password: PASSWORD, supportRole: 'programmer', timeZone: 'UTC' })).body.id;
    }
    ben = new ApiClient(testApp.baseUrl);
    await ben.signIn('ben@acme.test', PASSWORD);
    grace = new ApiClient(testApp.baseUrl);
    await grace.signIn('grace@acme.test', PASSWORD);
    rotation = (await ada.post<RotationDto>('/api/rotations', { name: 'Support', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5], startDate: '2026-01-05', members: [{ personId: ids.ben }, { personId: ids.grace }] })).body;
    // A second API process on the same database: batches must go out once between them.
    second = await createApp({ config: testApp.config, databaseUrl: testApp.database.url });
    await second.listen(0, '127.0.0.1');
    expect((second.getHttpServer().address() as AddressInfo).port).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await second?.close();
    await testApp?.close();
    await smtp?.stop();
  });

  it('sends three events within 5 minutes as one email, once across two processes, each item with its link', async () => {
    const start = new Date();
    expect((await note(ada, 'The Acme refund waits for finance.', ids.ben)).status).toBe(201);
    expect((await note(grace, 'Bolt Ltd asked for a call on Friday.', ids.ben)).status).toBe(201);
    expect((await note(ada, 'Nothing else, have a calm day!', ids.ben)).status).toBe(201);
    // The first event is fresh: the batch waits for the rest.
    await deliverAt(start);
    expect(mailsTo('ben@acme.test')).toHaveLength(0);
    const runs = await deliverAt(new Date(start.getTime() + minutes(5) + 5_000));
    expect(runs.map((run) => run.emailed).sort()).toEqual([0, 1]);
    expect(mailsTo('ben@acme.test')).toHaveLength(1);
    const mail = await parse(mailsTo('ben@acme.test')[0]!.raw);
    expect(mail.subject).toBe('3 things happened in Wholegrain');
    for (const line of ['Ada Founder left you a handoff note (Support)', 'The Acme refund waits for finance.', 'Grace Hopper left you a handoff note (Support)', 'Bolt Ltd asked for a call on Friday.', 'Nothing else, have a calm day!']) {
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toContain(`${PUBLIC_URL}/rotation`);
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/rotation">Ada Founder left you a handoff note (Support)</a>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headerLines.find((line) => line.key === 'list-unsubscribe-post')!.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect((await ben.get('/api/system-mail')).body).toEqual({ via: 'smtp_url', mailbox: null });
    // Nothing for the authors, and nobody else was mailed.
    expect(smtp.received).toHaveLength(1);
  });

  it('sends at most one email per person per 5 minutes', async () => {
    const last = new Date(Date.now() + minutes(5) + 5_000);
    await note(grace, 'One more thing: the VAT question.', ids.ben);
    await deliverAt(new Date(last.getTime() + minutes(2)));
    expect(mailsTo('ben@acme.test')).toHaveLength(1);
    await deliverAt(new Date(last.getTime() + minutes(5) + 5_000));
    expect(mailsTo('ben@acme.test')).toHaveLength(2);
    const mail = await parse(mailsTo('ben@acme.test')[1]!.raw);
    expect(mail.subject).toBe('Grace Hopper left you a handoff note (Support)');
    expect(mail.text).toContain('One more thing: the VAT question.');
    expect(mail.text).not.toContain('The Acme refund');
  });

  it('unsubscribes from one kind with one click (RFC 8058), without signing in; a forged link changes nothing', async () => {
    const mail = await parse(mailsTo('ben@acme.test')[1]!.raw);
    const link = new URL(/<([^>]+)>/.exec(mail.headerLines.find((line) => line.key === 'list-unsubscribe')!.line.replace(/\r?\n\s+/g, ''))![1]!);
    expect(link.origin).toBe(PUBLIC_URL);
    expect(mail.text).toContain(`Stop emails about handoff notes addressed to you: ${link.href}`);
    // Opening the link (or a mail scanner fetching it) only shows a button.
    const page = await fetch(`${testApp.baseUrl}${link.pathname}`);
    expect(await page.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await ben.get('/api/notifications/preferences')).body.handoff_note.email).toBe(true);
    // A forged token: same person, another signature.
    const forged = link.pathname.replace(/\.[^.]+$/, '.AAAA');
    const refused = await fetch(`${testApp.baseUrl}${forged}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await refused.text()).toContain('This link is not valid.');
    expect((await ben.get('/api/notifications/preferences')).body.handoff_note.email).toBe(true);
    // What a mail client sends for one-click unsubscribe: a POST with no cookie.
    const done = await fetch(`${testApp.baseUrl}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You will not get emails about handoff notes addressed to you any more.');
    expect((await ben.get('/api/notifications/preferences')).body.handoff_note).toEqual({ inApp: true, push: true, email: false, onlyOnDuty: false });

    const before = (await ben.get<NotificationListDto>('/api/notifications')).body.items.length;
    await note(ada, 'Still in the app, not by email.', ids.ben);
    await deliverAt(new Date(Date.now() + minutes(60)));
    expect(mailsTo('ben@acme.test')).toHaveLength(2);
    expect((await ben.get<NotificationListDto>('/api/notifications')).body.items).toHaveLength(before + 1);
  });

  it('honours preferences per channel: email only, in-app only, and nothing already read in the app', async () => {
    // Grace: handoff notes by email only (not in the centre).
    await grace.request('PUT', '/api/notifications/preferences', { handoff_note: { inApp: false } });
    const graceBefore = (await grace.get<NotificationListDto>('/api/notifications')).body;
    await note(ada, 'For Grace, by email only.', ids.grace);
    expect((await grace.get<NotificationListDto>('/api/notifications')).body).toEqual(graceBefore);
    // Ada: a note from Grace that Ada reads in the app before the batch goes is not emailed.
    await note(grace, 'For Ada, read at once.', ids.ada);
    const adaList = (await ada.get<NotificationListDto>('/api/notifications')).body;
    expect(adaList.items.map((item) => item.body)).toContain('For Ada, read at once.');
    await ada.post('/api/notifications/read-all');
    await deliverAt(new Date(Date.now() + minutes(120)));
    expect(mailsTo('grace@acme.test')).toHaveLength(1);
    expect((await parse(mailsTo('grace@acme.test')[0]!.raw)).text).toContain('For Grace, by email only.');
    expect(mailsTo('ada@wholegrain.test')).toHaveLength(0);
    // The author of a note addressed to herself hears nothing anywhere.
    await note(ada, 'Note to self.', ids.ada);
    await deliverAt(new Date(Date.now() + minutes(240)));
    expect(mailsTo('ada@wholegrain.test')).toHaveLength(0);
    expect((await ada.get<NotificationListDto>('/api/notifications')).body.unread).toBe(0);
  });
});
