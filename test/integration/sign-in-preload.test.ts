import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { startDovecot, type Dovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';

/**
 * Signing in answers with the inbox the first page shows (`preload`), so the web app draws the
 * conversations without another round trip: the same list and counts the inbox's own requests give.
 */
describe('the inbox answered with the sign-in', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
    await new ApiClient(testApp.baseUrl).setup(FOUNDER);
    const mailbox = await createTestMailbox(testApp, dovecot, 'preload');
    await dovecot.deliver(
      'preload',
      Array.from({ length: 3 }, (_, index) => buildInboundEmail({ subject: `Question ${index}`, from: `Customer ${index} <customer${index}@customer.example>` })),
    );
    await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
  }, 120_000);
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('carries the asked list and the view counts, as the inbox would ask for them', async () => {
    const browser = new ApiClient(testApp.baseUrl);
    const signedIn = await browser.post('/api/session', { email: FOUNDER.email, password: FOUNDER.password, preload: 'status=open' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.person.email).toBe(FOUNDER.email);
    const { list, counts } = signedIn.body.preloaded;
    expect(list.items.map((item: { subject: string }) => item.subject).sort()).toEqual(['Question 0', 'Question 1', 'Question 2']);
    expect(list.items.every((item: { unread: boolean }) => item.unread)).toBe(true);
    expect(counts.open).toBe(3);
    // The same session then asks the inbox itself: the same answers.
    expect((await browser.get('/api/conversations?status=open')).body).toEqual(list);
    expect((await browser.get('/api/conversations/counts')).body).toEqual(counts);
  });

  it('carries nothing when not asked, and nothing with a wrong password', async () => {
    const plain = await new ApiClient(testApp.baseUrl).post('/api/session', { email: FOUNDER.email, password: FOUNDER.password });
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('preloaded');
    const wrong = await new ApiClient(testApp.baseUrl).post('/api/session', { email: FOUNDER.email, password: 'not the password', preload: 'status=open' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('Question');
  });

  it('still signs in when the asked list is not one the inbox can give', async () => {
    const odd = await new ApiClient(testApp.baseUrl).post('/api/session', { email: FOUNDER.email, password: FOUNDER.password, preload: 'status=nonsense' });
    expect(odd.status).toBe(200);
    expect(odd.body.person.email).toBe(FOUNDER.email);
    expect(odd.body).not.toHaveProperty('preloaded');
  });
});
