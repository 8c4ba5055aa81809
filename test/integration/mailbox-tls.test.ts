import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxDto } from '../../api/src/mailboxes/mailboxes.types.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

describe('TLS certificates', () => {
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let admin: ApiClient;

  beforeAll(async () => {
    [dovecot, smtp, testApp] = await Promise.all([startDovecot({ tls: true }), startSmtpReceiver(), startTestApp()]);
    await dovecot.addUser('secure', SHARED_PASSWORD);
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
  });
  afterAll(async () => {
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  const settings = (allowSelfSigned: boolean) => ({
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, tls: true, user: 'secure', password: SHARED_PASSWORD },
    smtp: { host: smtp.host, port: smtp.port, tls: false, user: SMTP_USER, password: SMTP_PASSWORD },
    folders: ['INBOX'],
    allowSelfSigned,
  });

  it('refuses a self-signed certificate by default, and says how to accept it', async () => {
    const result = await admin.post('/api/mailboxes/test-connection', settings(false));
    expect(result.body.imap).toEqual({ ok: false, error: expect.stringMatching(/TLS certificate that cannot be verified.*allow a self-signed certificate/) });
  });

  it('accepts it when an admin explicitly allows it for this mailbox, and records that choice', async () => {
    expect((await admin.post('/api/mailboxes/test-connection', settings(true))).body.imap).toEqual({ ok: true, error: null });
    const created = await admin.post<MailboxDto>('/api/mailboxes', { name: 'Secure', address: 'secure@wholegrain.test', ...settings(false) });
    expect(created.body.allowSelfSigned).toBe(false);
    const updated = await admin.patch<MailboxDto>(`/api/mailboxes/${created.body.id}`, { allowSelfSigned: true });
    expect(updated.body.allowSelfSigned).toBe(true);
    expect((await admin.post(`/api/mailboxes/${created.body.id}/sync`)).status).toBe(200);
    const { rows } = await testApp.database.pool.query(`SELECT actor_id, details FROM audit_event WHERE action = 'mailbox.updated'`);
    expect(rows).toEqual([{ actor_id: expect.any(String), details: { changed: ['allowSelfSigned'], allowSelfSigned: true } }]);
  });
});
