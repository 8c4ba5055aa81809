import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxIdleLeaseRepository } from '../../api/src/mailboxes/mailbox-idle-lease.repository.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { createTestMailbox } from '../harness/mailbox.js';

/** The lease that gives each mailbox one IMAP IDLE connection across every API process. */
describe('IDLE leases', () => {
  let dovecot: Dovecot;
  let testApp: TestApp;
  let leases: MailboxIdleLeaseRepository;
  let mailboxId: string;

  beforeAll(async () => {
    [dovecot, testApp] = await Promise.all([startDovecot(), startTestApp()]);
    leases = testApp.app.get(MailboxIdleLeaseRepository);
    mailboxId = (await createTestMailbox(testApp, dovecot, 'leased')).id;
  });
  afterAll(async () => {
    await testApp?.close();
    await dovecot?.stop();
  });

  const row = async () =>
    (await testApp.database.pool.query<{ holder: string; expires_in: number }>(`SELECT holder, extract(epoch FROM expires_at - now())::float AS expires_in FROM mailbox_idle_lease WHERE mailbox_id = $1`, [mailboxId]))
      .rows[0];

  it('gives a free mailbox to exactly one of several processes claiming it at the same moment', async () => {
    const holders = ['a', 'b', 'c', 'd', 'e'];
    const results = await Promise.all(holders.map((holder) => leases.claim(holder, [mailboxId], 12)));
    expect(results.filter((held) => held.includes(mailboxId))).toHaveLength(1);
    const winner = holders[results.findIndex((held) => held.includes(mailboxId))]!;
    expect((await row())?.holder).toBe(winner);
    await leases.release(winner);
  });

  it('renews its own lease and leaves a live holder\'s alone', async () => {
    expect(await leases.claim('host/1/aa', [mailboxId], 5)).toEqual([mailboxId]);
    expect(await leases.claim('host/2/bb', [mailboxId], 12)).toEqual([]);
    expect(await leases.claim('host/1/aa', [mailboxId], 12)).toEqual([mailboxId]);
    const lease = await row();
    expect(lease?.holder).toBe('host/1/aa');
    expect(lease?.expires_in).toBeGreaterThan(10);
  });

  it('lets another process take a lease its holder stopped renewing, and the old holder learns it lost it', async () => {
    await testApp.database.pool.query(`UPDATE mailbox_idle_lease SET expires_at = now() - interval '1 second' WHERE mailbox_id = $1`, [mailboxId]);
    expect(await leases.claim('host/2/bb', [mailboxId], 12)).toEqual([mailboxId]);
    expect(await leases.claim('host/1/aa', [mailboxId], 12)).toEqual([]);
    expect((await row())?.holder).toBe('host/2/bb');
  });

  it('frees a released lease at once, and only the holder can release it', async () => {
    expect(await leases.release('host/1/aa')).toBe(0);
    expect(await leases.release('host/2/bb')).toBe(1);
    expect(await row()).toBeUndefined();
    expect(await leases.claim('host/1/aa', [mailboxId], 12)).toEqual([mailboxId]);
  });

  it('goes with its mailbox when the mailbox is deleted', async () => {
    await testApp.database.pool.query(`DELETE FROM mailbox WHERE id = $1`, [mailboxId]);
    expect(await row()).toBeUndefined();
    expect(await leases.claim('host/1/aa', [mailboxId], 12)).toEqual([]);
  });
});
