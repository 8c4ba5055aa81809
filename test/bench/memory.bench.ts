import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../api/src/database/embedded-postgres.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { createTestDatabase, type TestDatabase } from '../harness/database.js';
import { type Dovecot, SHARED_PASSWORD, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { assertBuilt, PRODUCT_NODE_FLAGS, type ProductProcess, runProduct, waitForOutput } from '../harness/product-process.js';

const PEOPLE = 10;
/** Simulated minutes, and how many real seconds each lasts (the hour is compressed). */
const MINUTES = Number(process.env.BENCH_MINUTES ?? 60);
const MINUTE_SECONDS = Number(process.env.BENCH_MINUTE_SECONDS ?? 5);
/** What each person does per simulated minute: look at the list, open conversations, search, say they are viewing. */
const ACTIONS_PER_MINUTE = 6;
/** New customer mail per simulated minute, delivered into the IMAP folder (IDLE → sync → live events to every stream). */
const MAILS_PER_MINUTE = 3;

/**
 * The heap flags the product ships with (`npm start` in package.json, the same in the Dockerfile's
 * CMD); BENCH_NODE_OPTIONS replaces them (a single space: none, Node's defaults).
 */
const NODE_OPTIONS = (process.env.BENCH_NODE_OPTIONS ?? PRODUCT_NODE_FLAGS.join(' ')).trim();

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * Node's resident memory (the built product, `node dist/api/src/main.js`, as `npm start` runs it)
 * with 10 people signed in, each with a live event stream open, using the inbox for a compressed
 * hour: every simulated minute each person lists, opens conversations, searches and announces
 * presence, and new mail arrives through Dovecot. RSS is read from /proc at the end of every
 * simulated minute. Baseline, measured in the same run: the same process started and idle, nobody
 * signed in. Goals: ≤ 200 MB steady, no growth between the 10th and the 60th minute.
 * Run with `npm run build && npx vitest run --project bench test/bench/memory.bench.ts`
 * (the product's heap flags from package.json's start script; BENCH_NODE_OPTIONS to try others, ' ' for none).
 */
describe('memory with ten people live', () => {
  let dovecot: Dovecot;
  let database: TestDatabase;
  let product: ProductProcess;

  beforeAll(async () => {
    assertBuilt();
    [dovecot, database] = await Promise.all([startDovecot(), createTestDatabase()]);
  }, 120_000);
  afterAll(async () => {
    product?.child.kill('SIGTERM');
    await product?.exited;
    await database?.drop();
    await dovecot?.stop();
  }, 120_000);

  it('stays within 200 MB without growing', async () => {
    const port = await freePort();
    product = runProduct({ DATABASE_URL: database.url, SECRET_KEY: randomBytes(32).toString('base64'), PORT: String(port), LOG_LEVEL: 'log', ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}) });
    await waitForOutput(product, /Wholegrain is ready/, 90_000);
    const baseUrl = `http://127.0.0.1:${port}`;
    const pid = product.child.pid!;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle = rssMb(pid);

    const founder = new ApiClient(baseUrl);
    await founder.setup(FOUNDER);
    await dovecot.addUser('memory', SHARED_PASSWORD);
    const mailbox = await founder.post<{ id: string }>('/api/mailboxes', {
      name: 'Support',
      address: 'memory@wholegrain.test',
      imap: { host: dovecot.host, port: dovecot.port, tls: false, user: 'memory', password: SHARED_PASSWORD },
      smtp: { host: '127.0.0.1', port: 2525, tls: false, user: 'memory', password: SHARED_PASSWORD },
    });
    expect(mailbox.status).toBe(201);
    let delivered = 0;
    const deliver = (count: number) =>
      dovecot.deliver(
        'memory',
        Array.from({ length: count }, () => {
          delivered += 1;
          const customer = delivered % 40;
          return buildInboundEmail({
            subject: `Question ${delivered} about the calendar`,
            from: `Customer ${customer} <customer${customer}@company${customer % 7}.example>`,
            body: `Hello,\n\nThe calendar does not sync since the update (message ${delivered}). Could you please help?\n\nThanks`,
          });
        }),
      );
    await deliver(50);

    const people = [founder];
    for (let index = 1; index < PEOPLE; index += 1) {
      const email = `person${index}@wholegrain.test`;
      const created = await founder.post('/api/people', { name: `Person ${index}`, email, password: 'a long first password', supportRole: 'support', timeZone: 'Europe/Paris' });
      expect(created.status).toBe(201);
      const client = new ApiClient(baseUrl);
      expect((await client.signIn(email, 'a long first password')).status).toBe(200);
      people.push(client);
    }
    // Each person's live stream, read to the end of the run as a browser tab would.
    const streams = new AbortController();
    let events = 0;
    const reading = people.map(async (client) => {
      const response = await fetch(`${baseUrl}/api/events`, { headers: { cookie: client.cookieHeader() }, signal: streams.signal });
      const reader = response.body!.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          events += (new TextDecoder().decode(value).match(/^event:/gm) ?? []).length;
        }
      } catch {
        // The run ended.
      }
    });

    const samples: number[] = [];
    let requests = 0;
    let failures = 0;
    const act = async (client: ApiClient, step: number) => {
      const list = await client.get<{ items: { id: string }[] }>('/api/conversations?status=open');
      await client.get('/api/conversations/counts');
      const item = list.body.items?.[step % Math.max(1, list.body.items?.length ?? 1)];
      const calls: Promise<{ status: number }>[] = [client.get('/api/notifications')];
      if (item) {
        calls.push(client.get(`/api/conversations/${item.id}`), client.post(`/api/conversations/${item.id}/presence`, { state: 'viewing' }));
      }
      if (step % 3 === 0) calls.push(client.get(`/api/conversations?q=${encodeURIComponent(step % 2 ? 'calendar' : 'please from:company3')}`));
      for (const response of [list, ...(await Promise.all(calls))]) {
        requests += 1;
        if (response.status >= 400) failures += 1;
      }
    };
    for (let minute = 1; minute <= MINUTES; minute += 1) {
      const ends = Date.now() + MINUTE_SECONDS * 1000;
      await deliver(MAILS_PER_MINUTE);
      await Promise.all(
        people.map(async (client, person) => {
          for (let action = 0; action < ACTIONS_PER_MINUTE && Date.now() < ends; action += 1) {
            await act(client, minute * ACTIONS_PER_MINUTE + action + person);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * ((MINUTE_SECONDS * 1000) / ACTIONS_PER_MINUTE)));
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now())));
      samples.push(rssMb(pid));
    }
    streams.abort();
    await Promise.all(reading);

    const at = (minute: number) => samples[Math.min(samples.length, minute) - 1]!;
    const tenth = at(Math.max(1, Math.round(MINUTES / 6)));
    const last = at(MINUTES);
    const max = Math.max(...samples);
    console.log(
      `\nNode's resident memory, ${PEOPLE} people signed in with live streams, ${MINUTES} simulated minutes of ${MINUTE_SECONDS} s ` +
        `(${requests} requests, ${failures} failed, ${delivered} mails delivered, ${events} live events received):\n` +
        `  minute ${Math.max(1, Math.round(MINUTES / 6))}: ${tenth.toFixed(0)} MB, minute ${MINUTES}: ${last.toFixed(0)} MB (growth ${(last - tenth).toFixed(0)} MB), max ${max.toFixed(0)} MB\n` +
        `  every minute: ${samples.map((sample) => sample.toFixed(0)).join(' ')}\n` +
        `  baseline, the same process idle with nobody signed in: ${idle.toFixed(0)} MB${NODE_OPTIONS ? ` (NODE_OPTIONS ${NODE_OPTIONS})` : " (Node's default heap sizes)"}\n`,
    );
    expect(failures).toBe(0);
    // The goals: ≤ 200 MB throughout once settled, and no growth from the 10th minute to the last.
    // Resident memory saws up and down as V8 collects (a cycle of 10–15 minutes here), so growth is
    // read on the floor: the lowest reading of the first ten settled minutes against that of the last
    // ten (what a leak raises: memory still held after the collections). 5 MB is the noise, run to run.
    // The mean of five at each end is printed beside it; it moves with where the saw happens to be.
    const settled = samples.slice(Math.max(1, Math.round(MINUTES / 6)) - 1);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const window = Math.min(10, Math.floor(settled.length / 2));
    const floorGrowth = Math.min(...settled.slice(-window)) - Math.min(...settled.slice(0, window));
    const meanGrowth = mean(settled.slice(-5)) - mean(settled.slice(0, 5));
    console.log(
      `  settled: max ${Math.max(...settled).toFixed(0)} MB; growth of the floor (lowest of the last ${window} minutes minus lowest of the first ${window} from minute ${Math.max(1, Math.round(MINUTES / 6))}): ${floorGrowth.toFixed(1)} MB; ` +
        `mean of the last five minus mean of the first five: ${meanGrowth.toFixed(1)} MB\n`,
    );
    expect(Math.max(...settled), 'resident memory once settled (MB)').toBeLessThanOrEqual(200);
    expect(floorGrowth, 'growth of the floor from the 10th minute to the last (MB)').toBeLessThanOrEqual(5);
  });
});
