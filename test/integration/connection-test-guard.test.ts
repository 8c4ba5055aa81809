import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

/** "Test connection" as a would-be port scanner would use it. */
const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
let testApp: TestApp;
let smtp: SmtpReceiver;
let web: net.Server;
let webPort: number;
const sockets = new Set<net.Socket>();
let admin: ApiClient;

beforeAll(async () => {
  [testApp, smtp] = await Promise.all([startTestApp({ clock }), startSmtpReceiver()]);
  // Not a mail server: an SSH server's greeting, then nothing a mail client understands.
  web = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.end('SSH-2.0-OpenSSH_9.6\r\n');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  admin = new ApiClient(testApp.baseUrl);
  expect((await admin.setup(FOUNDER)).status).toBe(201);
});
afterAll(async () => {
  await testApp?.close();
  await smtp?.stop();
  for (const socket of sockets) socket.destroy();
  web?.close();
});

const goodSmtp = () => ({ host: '127.0.0.1', port: smtp.port, tls: false, user: SMTP_USER, password: SMTP_PASSWORD });
const test = (imap: { host: string; port: number; tls: boolean }, client = admin) =>
  client.post('/api/mailboxes/test-connection', { imap: { ...imap, user: 'u', password: 'p' }, smtp: goodSmtp(), folders: ['INBOX'], allowSelfSigned: false });

describe('connection tests are not a port scanner', () => {
  it('answers in the same few categories, in our words, never before 3 seconds', async () => {
    const cases = [
      { imap: { host: '127.0.0.1', port: 1, tls: false }, error: 'Cannot reach the IMAP server at 127.0.0.1:1.' },
      { imap: { host: '127.0.0.1', port: webPort, tls: false }, error: `127.0.0.1:${webPort} does not answer as an IMAP server.` },
    ];
    const results = await Promise.all(
      cases.map(async ({ imap }) => {
        const started = Date.now();
        const response = await test(imap);
        return { response, elapsed: Date.now() - started };
      }),
    );
    for (const [index, { response, elapsed }] of results.entries()) {
      expect(response.status).toBe(200);
      expect(response.body.imap).toEqual({ ok: false, error: cases[index]!.error });
      expect(response.body.imap.error).not.toMatch(/ECONN|ssl|routines|SSH|OpenSSH|EPROTO/i);
      expect(elapsed).toBeGreaterThanOrEqual(2_950);
    }
  });

  it("refuses the product's own PostgreSQL port, by name or address", async () => {
    const port = Number(new URL(testApp.database.url).port);
    for (const host of ['127.0.0.1', 'localhost']) {
      const response = await test({ host, port, tls: false });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(`${host}:${port} is this product's own database, not a mail server.`);
    }
  });

  it('limits each admin to 10 tests, then asks them to wait', async () => {
    // Four tests above (two refused before connecting, as the limit counts attempts): six left.
    const more = await Promise.all(Array.from({ length: 8 }, () => test({ host: '127.0.0.1', port: 1, tls: false })));
    expect(more.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const refused = more.find((response) => response.status === 429)!;
    expect(refused.body.error.message).toMatch(/Too many connection tests. Try again in \d+ seconds/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
