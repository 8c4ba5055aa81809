import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { assertBuilt, type ProductProcess, runProduct, waitForOutput } from '../harness/product-process.js';
import { waitUntil } from '../harness/wait.js';

const execFileAsync = promisify(execFile);
const USER = 'shared-support';

interface Instance {
  name: string;
  baseUrl: string;
  product: ProductProcess;
  dataDir: string;
  /** Everything this instance sent on one signed-in browser's live-updates stream. */
  stream: () => string;
}

/** One browser tab's EventSource on an instance, as a plain HTTP request that stays open. */
function openStream(baseUrl: string, cookie: string): Promise<() => string> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`GET /api/events answered ${response.statusCode}`));
      let received = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (received += chunk));
      response.on('error', () => undefined);
      response.once('data', () => resolve(() => received));
    });
    request.on('error', reject);
  });
}

/** The conversation ids of the `conversation` events a stream carried, once per event. */
function conversationEvents(stream: string): string[] {
  return [...stream.matchAll(/^event: conversation\ndata: (.+)$/gm)].map((match) => (JSON.parse(match[1]!) as { conversationId: string }).conversationId);
}

async function signedInCookie(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: FOUNDER.email, password: FOUNDER.password }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/**
 * Several Wholegrain processes on one PostgreSQL, the way teams outgrow one process (app containers
 * behind a load balancer): the real built product three times, a real Dovecot, one shared database.
 */
describe('three instances on one database', () => {
  let dovecot: Dovecot;
  let database: TestDatabase;
  const instances: Instance[] = [];
  let mailboxId: string;

  beforeAll(async () => {
    assertBuilt();
    [dovecot, database] = await Promise.all([startDovecot(), createTestDatabase()]);
    await dovecot.addUser(USER, SHARED_PASSWORD);
    // Instances share the database and the key of the mailbox secrets; nothing else.
    const secretKey = randomBytes(32).toString('base64');
    for (const name of ['one', 'two', 'three']) {
      const port = await freePort();
      const dataDir = await mkdtemp(path.join(os.tmpdir(), `wholegrain-instance-${name}-`));
      const product = runProduct({ DATABASE_URL: database.url, SECRET_KEY: secretKey, DATA_DIR: dataDir, PORT: String(port), SYNC_TICK_SECONDS: '1' });
      instances.push({ name, baseUrl: `http://127.0.0.1:${port}`, product, dataDir, stream: () => '' });
    }
    await Promise.all(instances.map((instance) => waitForOutput(instance.product, /Wholegrain is ready/)));
  });
  afterAll(async () => {
    for (const instance of instances) {
      if (instance.product.child.exitCode === null && instance.product.child.signalCode === null) instance.product.child.kill('SIGTERM');
    }
    await Promise.all(instances.map((instance) => instance.product.exited));
    await Promise.all(instances.map((instance) => rm(instance.dataDir, { recursive: true, force: true })));
    await database?.drop();
    await dovecot?.stop();
  });

  const alive = () => instances.filter((instance) => instance.product.child.exitCode === null && instance.product.child.signalCode === null);
  const count = async (sql: string) => (await database.pool.query<{ n: number }>(sql.replace('$mailbox', '$1'), [mailboxId])).rows[0]!.n;

  /** IMAP connections of the account as Dovecot itself counts them (`doveadm who`, one line per connection). */
  const imapConnectionsAtDovecot = async (): Promise<number> =>
    (await dovecot.doveadm(['who', '-1', USER])).split('\n').filter((line) => line.trim().split(/\s+/)[0] === USER).length;

  /** Which app processes hold an established TCP connection to Dovecot's IMAP port (pid per connection). */
  const imapConnectionPids = async (): Promise<number[]> => {
    const { stdout } = await execFileAsync('ss', ['-Htnp', 'state', 'established', `( dport = :${dovecot.port} )`]);
    return [...stdout.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
  };

  const leaseHolderPid = async (): Promise<number | null> => {
    const { rows } = await database.pool.query<{ holder: string }>(`SELECT holder FROM mailbox_idle_lease WHERE mailbox_id = $1 AND expires_at > now()`, [mailboxId]);
    return rows[0] ? Number(rows[0].holder.split('/')[1]) : null;
  };

  /** One IDLE connection for the mailbox across every instance, held by the lease's holder, over a few lease rounds. */
  const expectOneIdleConnection = async (): Promise<number> => {
    const samples: { atDovecot: number; pids: number[]; holder: number | null }[] = [];
    for (let sample = 0; sample < 8; sample += 1) {
      samples.push({ atDovecot: await imapConnectionsAtDovecot(), pids: await imapConnectionPids(), holder: await leaseHolderPid() });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const holder = samples[0]!.holder;
    expect(holder).not.toBeNull();
    expect(samples).toEqual(samples.map(() => ({ atDovecot: 1, pids: [holder], holder })));
    return holder!;
  };

  /** Whether one of `pids` holds the lease and is signed in to Dovecot on its connection (TCP connected is not enough). */
  const idleHeldByOneOf = async (pids: number[]): Promise<boolean> => {
    const holder = await leaseHolderPid();
    return holder !== null && pids.includes(holder) && (await imapConnectionPids()).includes(holder) && (await imapConnectionsAtDovecot()) >= 1;
  };

  const instanceOf = (pid: number) => instances.find((instance) => instance.product.child.pid === pid)!;

  it('keeps one IDLE connection per mailbox, ingests mail once, shows it in every instance\'s stream, and hands IDLE over when its holder dies', async () => {
    const admin = new ApiClient(instances[0]!.baseUrl);
    expect((await admin.setup(FOUNDER)).status).toBe(201);
    // Three browsers, each load-balanced to a different instance.
    for (const instance of instances) instance.stream = await openStream(instance.baseUrl, await signedInCookie(instance.baseUrl));

    // Created through the second instance; polling once an hour, so only IDLE brings new mail in quickly.
    const onSecond = new ApiClient(instances[1]!.baseUrl);
    expect((await onSecond.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    const mailbox = await onSecond.post<{ id: string }>('/api/mailboxes', {
      name: 'Support',
      address: 'support@wholegrain.test',
      imap: { host: dovecot.host, port: dovecot.port, tls: false, user: USER, password: SHARED_PASSWORD },
      smtp: { host: '127.0.0.1', port: 2525, tls: false, user: USER, password: SHARED_PASSWORD },
      folders: ['INBOX'],
      pollIntervalSeconds: 3600,
    });
    expect(mailbox.status).toBe(201);
    mailboxId = mailbox.body.id;
    await waitUntil(async () => (await count(`SELECT count(*)::int AS n FROM mailbox WHERE id = $mailbox AND last_success_at IS NOT NULL`)) === 1, 30_000);
    await waitUntil(() => idleHeldByOneOf(instances.map((instance) => instance.product.child.pid!)), 30_000);

    const firstHolder = await expectOneIdleConnection();
    console.log(`three instances: 1 IDLE connection at Dovecot for the mailbox, held by instance ${instanceOf(firstHolder).name}`);

    // Delivered once: stored once, one conversation, and every instance's browser hears of it.
    const delivered = Date.now();
    await dovecot.deliver(USER, [buildInboundEmail({ messageId: '<first@customer.example>', subject: 'Where is my order?' })]);
    await waitUntil(async () => (await count(`SELECT count(*)::int AS n FROM message WHERE mailbox_id = $mailbox`)) === 1, 30_000);
    const ingestedMs = Date.now() - delivered;
    const [first] = (await database.pool.query<{ id: string }>(`SELECT id::text FROM conversation WHERE mailbox_id = $1`, [mailboxId])).rows;
    await waitUntil(async () => instances.every((instance) => conversationEvents(instance.stream()).includes(first!.id)), 10_000);
    // Settle: nothing arrives twice afterwards.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await count(`SELECT count(*)::int AS n FROM raw_message WHERE mailbox_id = $mailbox`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM message WHERE mailbox_id = $mailbox`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM conversation WHERE mailbox_id = $mailbox`)).toBe(1);
    const firstEvents = instances.map((instance) => conversationEvents(instance.stream()).filter((id) => id === first!.id).length);
    // Every instance relays the same events: the same number of them in each stream.
    expect(new Set(firstEvents).size).toBe(1);
    // Presence announced through one instance is seen through another.
    const onThird = new ApiClient(instances[2]!.baseUrl);
    expect((await onThird.signIn(FOUNDER.email, FOUNDER.password)).status).toBe(200);
    expect((await admin.post(`/api/conversations/${first!.id}/presence`, { state: 'replying' })).status).toBeLessThan(300);
    await waitUntil(async () => JSON.stringify((await onThird.get(`/api/conversations/${first!.id}/presence`)).body).includes('"replying"'), 10_000);
    console.log(`mail 1: ingested ${ingestedMs} ms after delivery (poll interval 3600 s): 1 raw message, 1 message, 1 conversation; conversation events per instance stream: ${firstEvents.join(', ')}`);

    // The IDLE holder dies without a word (SIGKILL: no lease release); another instance takes over.
    const killed = instanceOf(firstHolder);
    const killedAt = performance.now();
    killed.product.child.kill('SIGKILL');
    await killed.product.exited;
    const survivors = alive().map((instance) => instance.product.child.pid!);
    await waitUntil(() => idleHeldByOneOf(survivors), 40_000);
    const handover = performance.now() - killedAt;
    const secondHolder = await expectOneIdleConnection();
    console.log(`SIGKILL of the IDLE holder (instance ${killed.name}): instance ${instanceOf(secondHolder).name} holds IDLE ${Math.round(handover)} ms later`);
    expect(handover).toBeLessThan(30_000);

    // New mail still arrives once, through the new holder's IDLE, in both remaining browsers' streams.
    const deliveredAgain = Date.now();
    await dovecot.deliver(USER, [buildInboundEmail({ messageId: '<second@customer.example>', subject: 'Another question' })]);
    await waitUntil(async () => (await count(`SELECT count(*)::int AS n FROM message WHERE mailbox_id = $mailbox`)) === 2, 30_000);
    const ingestedAgainMs = Date.now() - deliveredAgain;
    const second = (await database.pool.query<{ id: string }>(`SELECT id::text FROM conversation WHERE mailbox_id = $1 AND id <> $2`, [mailboxId, first!.id])).rows[0]!;
    await waitUntil(async () => alive().every((instance) => conversationEvents(instance.stream()).includes(second.id)), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await count(`SELECT count(*)::int AS n FROM raw_message WHERE mailbox_id = $mailbox`)).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM message WHERE mailbox_id = $mailbox`)).toBe(2);
    const secondEvents = alive().map((instance) => conversationEvents(instance.stream()).filter((id) => id === second.id).length);
    expect(new Set(secondEvents).size).toBe(1);
    console.log(`mail 2 (after the handover): ingested ${ingestedAgainMs} ms after delivery: 2 raw messages, 2 messages in all; conversation events per remaining stream: ${secondEvents.join(', ')}`);

    // A clean stop (docker stop: SIGTERM) gives the lease back: the last instance takes over at once,
    // not after the lease's 12 s expiry (the earliest an expiry could hand over is 9 s after a stop).
    const stopping = instanceOf(secondHolder);
    const stoppedAt = performance.now();
    stopping.product.child.kill('SIGTERM');
    const exit = await stopping.product.exited;
    const exitMs = performance.now() - stoppedAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(2_000);
    const last = alive()[0]!;
    await waitUntil(() => idleHeldByOneOf([last.product.child.pid!]), 20_000);
    const cleanHandover = performance.now() - stoppedAt;
    console.log(`SIGTERM of the IDLE holder (instance ${stopping.name}): exited in ${Math.round(exitMs)} ms, instance ${last.name} holds IDLE ${Math.round(cleanHandover)} ms after the signal`);
    expect(cleanHandover).toBeLessThan(8_000);
    expect(await expectOneIdleConnection()).toBe(last.product.child.pid);
  }, 240_000);
});
