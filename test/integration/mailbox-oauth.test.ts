import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.js';
import type { MailboxDto } from '../../api/src/mailboxes/mailboxes.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { TransactionRunner } from '../../api/src/database/transaction.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { TestClock } from '../harness/clock.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { buildInboundEmail } from '../harness/mail.js';
import { type OAuthServer, startOAuthServer } from '../harness/oauth-server.js';
import { type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

const PUBLIC_URL = 'http://wholegrain.test';

describe('mailboxes over OAuth 2.0 (local authorization server, Dovecot oauth2 passdb, SMTP XOAUTH2)', () => {
  let oauth: OAuthServer;
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let testApp: TestApp;
  let admin: ApiClient;
  const clock = new TestClock(new Date());

  const query = async <T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> => testApp.app.get(TransactionRunner).manager.query(sql, parameters);
  const mailboxOf = async (id: string) => (await admin.get<MailboxDto>(`/api/mailboxes/${id}`)).body;

  /** The browser's part of the flow: open the provider's URL, follow its redirect back to our callback. */
  async function signInAtProvider(client: ApiClient, start: Record<string, unknown>): Promise<{ status: number; location: string; callbackPath: string }> {
    const started = await client.post<{ authorizationUrl: string }>('/api/oauth/start', start);
    expect(started.status).toBe(200);
    const consent = await fetch(started.body.authorizationUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/api/oauth/callback`);
    const callbackPath = back.pathname + back.search;
    const answer = await client.get(callbackPath);
    return { status: answer.status, location: answer.headers.get('location') ?? '', callbackPath };
  }

  async function connect(address: string): Promise<MailboxDto> {
    oauth.signInAs(address);
    const outcome = await signInAtProvider(admin, {
      provider: 'oauth_custom',
      name: 'Support',
      imap: { host: dovecot.host, port: dovecot.port, tls: false },
      smtp: { host: smtp.host, port: smtp.port, tls: false },
    });
    expect(outcome.status).toBe(302);
    const id = new URL(outcome.location).searchParams.get('mailbox');
    expect(new URL(outcome.location).pathname).toBe('/settings');
    return mailboxOf(id!);
  }

  beforeAll(async () => {
    oauth = await startOAuthServer();
    [dovecot, smtp, testApp] = await Promise.all([
      startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } }),
      startSmtpReceiver({ oauth: { validToken: (user, token) => oauth.tokenOwner(token) === user } }),
      startTestApp({ config: { publicUrl: PUBLIC_URL }, clock }),
    ]);
    admin = new ApiClient(testApp.baseUrl);
    await admin.setup(FOUNDER);
    const saved = await admin.request('PUT', '/api/oauth/clients/oauth_custom', {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      authorizationUrl: oauth.authorizationUrl,
      tokenUrl: oauth.tokenUrl,
      userinfoUrl: oauth.userinfoUrl,
      scopes: 'openid email mail',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ provider: 'oauth_custom', source: 'settings', hasSecret: true, redirectUrl: `${PUBLIC_URL}/api/oauth/callback` });
    const listed = JSON.stringify((await admin.get('/api/oauth/clients')).body);
    expect(listed).not.toContain(oauth.clientSecret);
    const [sealed] = await query<{ secret: Buffer }>(`SELECT client_secret_enc AS secret FROM oauth_client WHERE provider = 'oauth_custom'`);
    expect(sealed!.secret.toString('latin1')).not.toContain(oauth.clientSecret);
  });
  afterAll(async () => {
    await testApp?.close();
    await Promise.all([dovecot?.stop(), smtp?.stop(), oauth?.stop()]);
  });

  it('connects through the browser flow (code + PKCE S256), reads mail over IMAP XOAUTH2 and signs in to SMTP with XOAUTH2', async () => {
    await dovecot.addUser('support@oauth.test', 'imap-secret');
    await dovecot.deliver('support@oauth.test', [buildInboundEmail({ to: 'support@oauth.test', subject: 'Hello over OAuth' })]);
    const started = await admin.post<{ authorizationUrl: string }>('/api/oauth/start', { provider: 'oauth_custom', imap: { host: '127.0.0.1', port: 1, tls: false }, smtp: { host: '127.0.0.1', port: 1, tls: false } });
    const url = new URL(started.body.authorizationUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/oauth/callback`);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(43);

    const mailbox = await connect('support@oauth.test');
    expect(mailbox).toMatchObject({ address: 'support@oauth.test', oauthProvider: 'oauth_custom', imap: { user: 'support@oauth.test' }, sync: { stage: 'idle' } });
    expect(JSON.stringify(await admin.get('/api/mailboxes'))).not.toMatch(/token/i);

    const sync = await admin.post(`/api/mailboxes/${mailbox.id}/sync`);
    expect(sync.body).toMatchObject({ fetched: 1, processed: 1 });
    const test = await admin.post(`/api/mailboxes/${mailbox.id}/test-connection`);
    expect(test.body).toEqual({ imap: { ok: true, error: null }, smtp: { ok: true, error: null } });

    // A reply goes out through the SMTP receiver, signed in with XOAUTH2 as the mailbox.
    const list = await admin.get(`/api/conversations?mailbox=${mailbox.id}`);
    const conversation = (await admin.get(`/api/conversations/${list.body.items[0].id}`)).body;
    expect((await admin.post(`/api/conversations/${conversation.id}/replies`, { text: 'Thanks, looking into it.', seenVersion: conversation.version })).status).toBe(201);
    expect(await testApp.app.get(OutboxWorker).runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.at(-1)!.raw.toString()).toContain('Thanks, looking into it.');

    const [tokens] = await query<{ refresh: Buffer }>(`SELECT refresh_token_enc AS refresh FROM mailbox_oauth WHERE mailbox_id = $1`, [mailbox.id]);
    expect(tokens!.refresh.length).toBeGreaterThan(29);
    const [audit] = await query(`SELECT actor_id, details FROM audit_event WHERE action = 'mailbox.oauth_connected' AND target_id = $1`, [mailbox.id]);
    expect(audit).toBeTruthy();
  });

  it('refuses a replayed state, a state from another session, and one older than 10 minutes', async () => {
    oauth.signInAs('replay@oauth.test');
    const first = await signInAtProvider(admin, { provider: 'oauth_custom', imap: { host: dovecot.host, port: dovecot.port, tls: false }, smtp: { host: smtp.host, port: smtp.port, tls: false } });
    expect(first.location).toContain('oauth=connected');
    const replay = await admin.get(first.callbackPath);
    expect(replay.headers.get('location')).toBe(`${PUBLIC_URL}/settings?oauth_error=state_invalid`);

    // Another admin session (same person, another browser) cannot complete this session's sign-in.
    const otherBrowser = new ApiClient(testApp.baseUrl);
    await otherBrowser.signIn(FOUNDER.email, FOUNDER.password);
    const started = await admin.post<{ authorizationUrl: string }>('/api/oauth/start', { provider: 'oauth_custom', imap: { host: dovecot.host, port: dovecot.port, tls: false }, smtp: { host: smtp.host, port: smtp.port, tls: false } });
    const back = new URL((await fetch(started.body.authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
    const foreign = await otherBrowser.get(back.pathname + back.search);
    expect(foreign.headers.get('location')).toBe(`${PUBLIC_URL}/settings?oauth_error=state_invalid`);

    const late = await admin.post<{ authorizationUrl: string }>('/api/oauth/start', { provider: 'oauth_custom', imap: { host: dovecot.host, port: dovecot.port, tls: false }, smtp: { host: smtp.host, port: smtp.port, tls: false } });
    const lateBack = new URL((await fetch(late.body.authorizationUrl, { redirect: 'manual' })).headers.get('location')!);
    const saved = clock.instant;
    clock.instant = new Date(saved.getTime() + 11 * 60_000);
    try {
      expect((await admin.get(lateBack.pathname + lateBack.search)).headers.get('location')).toBe(`${PUBLIC_URL}/settings?oauth_error=state_invalid`);
    } finally {
      clock.instant = saved;
    }
    const connected = await query(`SELECT count(*)::int AS n FROM mailbox WHERE address = 'replay@oauth.test'`);
    expect(connected[0].n).toBe(1);
  });

  it('refreshes the access token shortly before it expires, and keeps the rotated refresh token', async () => {
    await dovecot.addUser('refresh@oauth.test', 'imap-secret');
    const mailbox = await connect('refresh@oauth.test');
    const before = oauth.refreshRequests();
    await dovecot.deliver('refresh@oauth.test', [buildInboundEmail({ to: 'refresh@oauth.test', subject: 'First' })]);
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).body).toMatchObject({ fetched: 1 });
    expect(oauth.refreshRequests()).toBe(before);

    // 56 minutes later the 60-minute token is inside the 5-minute margin: refreshed before use.
    clock.instant = new Date(clock.instant.getTime() + 56 * 60_000);
    await dovecot.deliver('refresh@oauth.test', [buildInboundEmail({ to: 'refresh@oauth.test', subject: 'Second' })]);
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).body).toMatchObject({ fetched: 1 });
    expect(oauth.refreshRequests()).toBe(before + 1);
    // Again an hour later: the rotated refresh token (the old one is dead at the server) still works.
    clock.instant = new Date(clock.instant.getTime() + 60 * 60_000);
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).status).toBe(200);
    expect(oauth.refreshRequests()).toBe(before + 2);
    expect((await mailboxOf(mailbox.id)).sync.stage).toBe('idle');
  });

  it('refreshes once when two API processes need a new token at the same moment', async () => {
    await dovecot.addUser('twice@oauth.test', 'imap-secret');
    const mailbox = await connect('twice@oauth.test');
    const second: NestExpressApplication = await createApp({ config: testApp.config, databaseUrl: testApp.database.url, clock });
    await second.listen(0, '127.0.0.1');
    try {
      const secondClient = new ApiClient(`http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`);
      await secondClient.signIn(FOUNDER.email, FOUNDER.password);
      clock.instant = new Date(clock.instant.getTime() + 58 * 60_000);
      const before = oauth.refreshRequests();
      const results = await Promise.all([
        admin.post(`/api/mailboxes/${mailbox.id}/test-connection`),
        secondClient.post(`/api/mailboxes/${mailbox.id}/test-connection`),
        admin.post(`/api/mailboxes/${mailbox.id}/test-connection`),
        secondClient.post(`/api/mailboxes/${mailbox.id}/test-connection`),
      ]);
      for (const result of results) expect(result.body).toEqual({ imap: { ok: true, error: null }, smtp: { ok: true, error: null } });
      expect(oauth.refreshRequests()).toBe(before + 1);
    } finally {
      await second.close();
    }
  });

  it('puts a revoked mailbox in needs_reauth without retrying, tells the admins, and resumes after reconnecting with no mail lost or doubled', async () => {
    await dovecot.addUser('revoked@oauth.test', 'imap-secret');
    const mailbox = await connect('revoked@oauth.test');
    await dovecot.deliver('revoked@oauth.test', [1, 2].map((n) => buildInboundEmail({ to: 'revoked@oauth.test', subject: `Before ${n}` })));
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).body).toMatchObject({ fetched: 2 });

    oauth.revoke('revoked@oauth.test');
    clock.instant = new Date(clock.instant.getTime() + 61 * 60_000);
    await dovecot.deliver('revoked@oauth.test', [1, 2, 3].map((n) => buildInboundEmail({ to: 'revoked@oauth.test', subject: `During ${n}` })));
    const before = oauth.refreshRequests('revoked@oauth.test');
    const failed = await admin.post(`/api/mailboxes/${mailbox.id}/sync`);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toMatch(/reconnects it in Settings/);
    expect(failed.body.error.message).not.toMatch(/invalid_grant/);
    const stuck = await mailboxOf(mailbox.id);
    expect(stuck.sync.stage).toBe('needs_reauth');

    // No retry storm: scheduler ticks, Sync now and Test connection never ask the provider again.
    const scheduler = testApp.app.get(MailboxSyncService);
    for (let tick = 0; tick < 5; tick += 1) {
      clock.instant = new Date(clock.instant.getTime() + 10 * 60_000);
      await scheduler.tick();
    }
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).status).toBe(409);
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/test-connection`)).body.imap.ok).toBe(false);
    expect(oauth.refreshRequests('revoked@oauth.test')).toBe(before + 1);
    expect((await mailboxOf(mailbox.id)).sync.stage).toBe('needs_reauth');
    const notices = (await admin.get<{ title: string }[]>('/api/notices')).body;
    expect(notices.filter((notice) => notice.title === 'Reconnect revoked@oauth.test')).toHaveLength(1);

    // Signing in as someone else does not reconnect it.
    oauth.signInAs('intruder@oauth.test');
    expect((await signInAtProvider(admin, { provider: 'oauth_custom', mailboxId: mailbox.id })).location).toContain('oauth_error=wrong_account');

    oauth.signInAs('revoked@oauth.test');
    const reconnected = await signInAtProvider(admin, { provider: 'oauth_custom', mailboxId: mailbox.id });
    expect(reconnected.location).toContain(`oauth=connected&mailbox=${mailbox.id}`);
    expect((await mailboxOf(mailbox.id)).sync.stage).toBe('idle');
    await dovecot.deliver('revoked@oauth.test', [buildInboundEmail({ to: 'revoked@oauth.test', subject: 'After' })]);
    expect((await admin.post(`/api/mailboxes/${mailbox.id}/sync`)).body).toMatchObject({ fetched: 4, processed: 4 });
    const subjects = await query<{ subject: string }>(
      `SELECT m.subject FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.mailbox_id = $1 ORDER BY m.subject`,
      [mailbox.id],
    );
    expect(subjects.map((row) => row.subject)).toEqual(['After', 'Before 1', 'Before 2', 'During 1', 'During 2', 'During 3']);
    const audit = await query(`SELECT action FROM audit_event WHERE target_id = $1 ORDER BY occurred_at`, [mailbox.id]);
    expect(audit.map((row) => row.action)).toEqual(['mailbox.oauth_connected', 'mailbox.oauth_reconnected']);
  });

  it('prefills well-known settings for "Other" and points Microsoft and Google addresses to OAuth', async () => {
    expect((await admin.get('/api/mail-settings/lookup?address=help@fastmail.com')).body.settings).toMatchObject({
      source: 'built-in',
      imap: { host: 'imap.fastmail.com', port: 993, tls: true },
      smtp: { host: 'smtp.fastmail.com', port: 465, tls: true },
    });
    expect((await admin.get('/api/mail-settings/lookup?address=someone@hotmail.com')).body.settings.oauthProvider).toBe('microsoft');
  });

  it('explains "basic authentication is disabled" in words an admin acts on, without the server\'s text', async () => {
    const server = await scriptedImapServer('a NO Basic authentication is disabled');
    try {
      const port = (server.address() as AddressInfo).port;
      const result = await admin.post('/api/mailboxes/test-connection', {
        imap: { host: '127.0.0.1', port, tls: false, user: 'someone@contoso.example', password: 'whatever' },
        smtp: { host: smtp.host, port: smtp.port, tls: false, user: 'x', password: 'y' },
      });
      expect(result.body.imap.ok).toBe(false);
      expect(result.body.imap.error).toMatch(/does not accept passwords .*This provider needs OAuth: connect the mailbox again and choose Microsoft/);
      expect(result.body.imap.error).not.toMatch(/Basic authentication is disabled/);
    } finally {
      server.close();
    }
  });
});

/** A tiny IMAP greeting: answers CAPABILITY and refuses LOGIN with `refusal` (tag replaced). */
async function scriptedImapServer(refusal: string): Promise<Server> {
  const server = createServer((socket) => {
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Exchange-like server ready\r\n');
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        const [tag, command = ''] = line.split(' ');
        if (/^CAPABILITY$/i.test(command)) socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK CAPABILITY completed.\r\n`);
        else if (/^(LOGIN|AUTHENTICATE)$/i.test(command)) socket.write(`${tag} ${refusal.replace(/^a /, '')}\r\n`);
        else if (/^LOGOUT$/i.test(command)) socket.end(`* BYE\r\n${tag} OK LOGOUT completed.\r\n`);
        else if (line.trim()) socket.write(`${tag} BAD Command not supported\r\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
