import { MailboxesService } from '../../api/src/mailboxes/mailboxes.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { PeopleService } from '../../api/src/people/people.service.js';
import type { Person } from '../../api/src/people/person.entity.js';
import type { TestApp } from './app.js';
import { type Dovecot, SHARED_PASSWORD } from './dovecot.js';

/** The first admin of a test app (created once). */
export async function testAdmin(testApp: TestApp): Promise<Person> {
  const people = testApp.app.get(PeopleService);
  return (
    (await people.findByEmail('ada@wholegrain.test')) ??
    (await people.setup({ name: 'Ada Founder', email: 'ada@wholegrain.test', password: 'correct horse battery', timeZone: 'Europe/Paris' }, null))
  );
}

/** A mailbox reading `user`'s INBOX on the test Dovecot. */
export async function createTestMailbox(testApp: TestApp, dovecot: Dovecot, user: string, options: { password?: string; address?: string; name?: string; smtp?: { host: string; port: number; user: string; password: string } } = {}): Promise<Mailbox> {
  const password = options.password ?? 'imap-secret';
  if (password === SHARED_PASSWORD) await dovecot.addUser(user, password);
  return testApp.app.get(MailboxesService).create(
    {
      name: options.name ?? user,
      address: options.address ?? `${user}@wholegrain.test`,
      imap: { host: dovecot.host, port: dovecot.port, tls: false, user, password },
      smtp: options.smtp ? { ...options.smtp, tls: false } : { host: '127.0.0.1', port: 2525, tls: false, user, password },
      folders: ['INBOX'],
      allowSelfSigned: false,
      pollIntervalSeconds: 60,
    },
    await testAdmin(testApp),
    null,
  );
}
