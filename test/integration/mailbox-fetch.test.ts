import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFailure } from '../../api/src/mail/imap-session.js';
import { MailboxFetchService } from '../../api/src/sync/mailbox-fetch.service.js';
import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import type { Person } from '../../api/src/people/person.entity.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';

describe('fetching mail from IMAP into raw storage', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  let fetcher: MailboxFetchService;
  let admin: Person;
  let mailbox: Mailbox;

  const createMailbox = (user: string, password: string) =>
    testApp.app.get(MailboxesService).create(
      {
        name: 'Support',
        address: `${user}@wholegrain.test`,
        imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password },
        smtp: { host: '127.0.0.1', port: 2525, tls: false, user, password },
        folders: ['INBOX'],
        allowSelfSigned: false,
        pollIntervalSeconds: 60,
      },
      admin,
      null,
    );
  const rawRows = async () =>
    (await testApp.database.pool.query('SELECT uid_validity, uid, bytes, sha256, state FROM raw_message WHERE mailbox_id = $1 ORDER BY id', [mailbox.id])).rows;
  const cursor = async () => (await testApp.database.pool.query('SELECT uid_validity, last_uid FROM mailbox_folder WHERE mailbox_id = $1', [mailbox.id])).rows[0];

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
    await dovecot.addUser('support', 'imap-secret');
    fetcher = testApp.app.get(MailboxFetchService);
    admin = await testApp.app.get(PeopleService).setup({ name: 'Ada', email: 'ada@wholegrain.test', password: 'correct horse battery', timeZone: 'UTC' }, null);
    mailbox = await createMailbox('support', 'imap-secret');
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  it('stores the passwords encrypted, never in clear', async () => {
    const { rows } = await testApp.database.pool.query('SELECT imap_password_enc, smtp_password_enc FROM mailbox WHERE id = $1', [mailbox.id]);
    expect(rows[0].imap_password_enc.toString('latin1')).not.toContain('imap-secret');
    expect(rows[0].imap_password_enc.equals(rows[0].smtp_password_enc)).toBe(false);
  });

  const first = [
    buildInboundEmail({ subject: 'One' }),
    buildInboundEmail({ subject: 'Two: read elsewhere first' }),
    buildInboundEmail({ subject: 'Three', body: 'Ünïcödé and emoji 🎉 kept byte for byte' }),
  ];

  it('fetches every message byte-exact, including one another client already read', async () => {
    await dovecot.deliver('support', [first[0]!]);
    await dovecot.deliver('support', [first[1]!], { seen: true });
    await dovecot.deliver('support', [first[2]!]);
    expect(await fetcher.fetchNewMail(mailbox)).toEqual({ fetched: 3 });
    const rows = await rawRows();
    expect(rows.map((row) => row.bytes.toString('utf8')).sort()).toEqual([...first].sort());
    for (const row of rows) expect(row.sha256.equals(createHash('sha256').update(row.bytes).digest())).toBe(true);
    expect(rows.every((row) => row.state === 'pending')).toBe(true);
    expect(await cursor()).toMatchObject({ last_uid: '3' });
  });

  it('changes no row when the same mailbox is synced again', async () => {
    expect(await fetcher.fetchNewMail(mailbox)).toEqual({ fetched: 0 });
    expect(await rawRows()).toHaveLength(3);
  });

  it('fetches only what arrived since the cursor', async () => {
    await dovecot.deliver('support', [buildInboundEmail({ subject: 'Four' }), buildInboundEmail({ subject: 'Five' })]);
    expect(await fetcher.fetchNewMail(mailbox)).toEqual({ fetched: 2 });
    expect(await cursor()).toMatchObject({ last_uid: '5' });
  });

  it('re-reads the folder when the server changes UIDVALIDITY, under the new validity', async () => {
    await dovecot.changeUidValidity('support', 'INBOX', 777);
    expect(await fetcher.fetchNewMail(mailbox)).toEqual({ fetched: 5 });
    expect(await cursor()).toEqual({ uid_validity: '777', last_uid: '5' });
    expect((await rawRows()).filter((row) => row.uid_validity === '777')).toHaveLength(5);
  });

  it('fetches a large import in batches, showing progress as it goes', async () => {
    const many = Array.from({ length: 450 }, (_, index) => buildInboundEmail({ subject: `Bulk ${index}` }));
    await dovecot.deliver('support', many);
    expect(await fetcher.fetchNewMail(mailbox)).toEqual({ fetched: 450 });
    const { rows } = await testApp.database.pool.query('SELECT sync_progress FROM mailbox WHERE id = $1', [mailbox.id]);
    expect(rows[0].sync_progress).toEqual({ folder: 'INBOX', total: 450, fetched: 450, processed: 0 });
  });

  it('reports a refused password as an authentication failure', async () => {
    const wrong = await createMailbox('support', 'not-the-password');
    await expect(fetcher.fetchNewMail(wrong)).rejects.toSatisfy((error) => error instanceof ImapFailure && error.kind === 'auth');
  });

  it('reports an unreachable server as a connection failure', async () => {
    const unreachable = { ...mailbox, imapPort: 1 };
    await expect(fetcher.fetchNewMail(unreachable)).rejects.toSatisfy((error) => error instanceof ImapFailure && error.kind === 'connection');
  });
});
