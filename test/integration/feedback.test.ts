import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDto } from '../../api/src/conversations/conversations.types.js';
import type { FixReplyDto, IssueLinkDto, QuoteDto, ThemeDto } from '../../api/src/feedback/feedback.types.js';
import { MailboxSyncService } from '../../api/src/sync/mailbox-sync.service.js';
import type { Mailbox } from '../../api/src/mailboxes/mailbox.entity.js';
import { OutboxWorker } from '../../api/src/replies/outbox.worker.js';
import { ApiClient, FOUNDER } from '../harness/api-client.js';
import { startTestApp, type TestApp } from '../harness/app.js';
import { type Dovecot, startDovecot } from '../harness/dovecot.js';
import { header } from '../harness/headers.js';
import { buildInboundEmail } from '../harness/mail.js';
import { createTestMailbox } from '../harness/mailbox.js';
import { SMTP_PASSWORD, SMTP_USER, type SmtpReceiver, startSmtpReceiver } from '../harness/smtp-receiver.js';

let dovecot: Dovecot;
let smtp: SmtpReceiver;
let testApp: TestApp;
let client: ApiClient;
let mailbox: Mailbox;

const MULTILINGUAL = 'Sync 🔥 is broken for me 👩‍💻. 同步日历时事件重复。 Café crème (e\u0301) — مرحبا بالعالم, the export still fails.';

async function deliver(...messages: string[]) {
  await dovecot.deliver('feedback', messages);
  await testApp.app.get(MailboxSyncService).syncNow(mailbox.id);
}

async function conversationOf(email: string): Promise<ConversationDto> {
  const list = await client.get(`/api/conversations?q=${encodeURIComponent(`from:${email}`)}`);
  return (await client.get<ConversationDto>(`/api/conversations/${list.body.items[0].id}`)).body;
}

beforeAll(async () => {
  [dovecot, smtp, testApp] = await Promise.all([startDovecot(), startSmtpReceiver(), startTestApp()]);
  client = new ApiClient(testApp.baseUrl);
  expect((await client.setup(FOUNDER)).status).toBe(201);
  mailbox = await createTestMailbox(testApp, dovecot, 'feedback', {
    address: 'help@acme.example',
    smtp: { host: smtp.host, port: smtp.port, user: SMTP_USER, password: SMTP_PASSWORD },
  });
  await deliver(
    buildInboundEmail({ from: 'Ana Alves <ana@bigcorp.example>', messageId: '<ana1@bigcorp.example>', subject: 'Calendar', body: 'The calendar sync drops my events every night. It is maddening.' }),
    buildInboundEmail({ from: 'Bo Berg <bo@bigcorp.example>', subject: 'Events gone', body: 'Since Tuesday the calendar sync loses events I made on my phone.' }),
    buildInboundEmail({ from: 'Cy <cy@gmail.com>', subject: 'sync', body: 'Your calendar sync deleted my dentist appointment!' }),
    buildInboundEmail({ from: 'Dee <dee@intl.example>', subject: 'Multilingual', body: MULTILINGUAL }),
  );
});
afterAll(async () => {
  await testApp?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

const pinWords = async (conversation: ConversationDto, words: string, themeIds: string[] = []) => {
  const message = conversation.messages[0]!;
  const start = message.text.indexOf(words);
  expect(start).toBeGreaterThanOrEqual(0);
  return client.post<QuoteDto>('/api/quotes', { messageId: message.id, start, end: start + words.length, themeIds });
};

describe('quotes', () => {
  it('anchors quotes in multibyte text by UTF-16 offsets, with context, and highlights them', async () => {
    const conversation = await conversationOf('dee@intl.example');
    const message = conversation.messages[0]!;
    for (const words of ['🔥', '👩‍💻', '同步日历时事件重复。', 'e\u0301', 'مرحبا بالعالم']) {
      const pinned = await pinWords(conversation, words);
      expect(pinned.status).toBe(201);
      expect(pinned.body.text).toBe(words);
      expect(message.text.slice(pinned.body.start, pinned.body.end)).toBe(words);
      expect(message.text.slice(pinned.body.start - pinned.body.prefix.length, pinned.body.start)).toBe(pinned.body.prefix);
      expect(message.text.slice(pinned.body.end, pinned.body.end + pinned.body.suffix.length)).toBe(pinned.body.suffix);
    }
    const highlighted = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body.messages[0]!.highlights!;
    expect(highlighted.map(({ start, end }) => message.text.slice(start, end)).sort()).toEqual(['e\u0301', 'مرحبا بالعالم', '同步日历时事件重复。', '👩‍💻', '🔥'].sort());
  });

  it('makes a forged quote impossible: no text field, no half characters, only customers’ words', async () => {
    const conversation = await conversationOf('dee@intl.example');
    const message = conversation.messages[0]!;
    const forged = await client.post('/api/quotes', { messageId: message.id, start: 0, end: 4, text: 'Your product is perfect' });
    expect(forged.status).toBe(400);
    const fire = message.text.indexOf('🔥');
    const half = await client.post('/api/quotes', { messageId: message.id, start: fire, end: fire + 1 });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toMatch(/in half/);
    const outside = await client.post('/api/quotes', { messageId: message.id, start: 0, end: message.text.length + 5 });
    expect(outside.status).toBe(400);
    await client.post(`/api/conversations/${conversation.id}/notes`, { text: 'Our own words' });
    const note = (await client.get<ConversationDto>(`/api/conversations/${conversation.id}`)).body.messages.find((entry) => entry.kind === 'note')!;
    expect((await client.post('/api/quotes', { messageId: note.id, start: 0, end: 3 })).status).toBe(400);
  });

  it('retracts a quote and never edits one', async () => {
    const conversation = await conversationOf('ana@bigcorp.example');
    const pinned = await pinWords(conversation, 'It is maddening.');
    await expect(testApp.database.pool.query(`UPDATE quote SET text = 'It is fine.' WHERE id = $1`, [pinned.body.id])).rejects.toThrow(/never edited/);
    expect((await client.delete(`/api/quotes/${pinned.body.id}`)).status).toBe(204);
    expect((await client.get(`/api/conversations/${conversation.id}/feedback`)).body.quotes.map((quote: QuoteDto) => quote.id)).not.toContain(pinned.body.id);
  });
});

const githubSecret = async () => (await client.post('/api/webhooks/github/secret')).body.secret as string;
const signedGithub = (secret: string, event: string, payload: unknown, delivery = randomUUID()) => {
  const raw = JSON.stringify(payload);
  return fetch(`${testApp.baseUrl}/api/webhooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    },
    body: raw,
  });
};

describe('themes, issues and closing the loop', () => {
  let theme: ThemeDto;
  const issueUrl = 'https://github.com/acme/app/issues/7';

  it('counts a theme’s quotes, distinct customers and companies (free mail excluded)', async () => {
    theme = (await client.post<ThemeDto>('/api/themes', { name: 'Calendar sync', description: 'Events lost or doubled when syncing', phrases: ['calendar sync'] })).body;
    for (const [email, words] of [
      ['ana@bigcorp.example', 'The calendar sync drops my events every night.'],
      ['bo@bigcorp.example', 'the calendar sync loses events I made on my phone.'],
      ['cy@gmail.com', 'Your calendar sync deleted my dentist appointment!'],
    ] as const) {
      expect((await pinWords(await conversationOf(email), words, [theme.id])).status).toBe(201);
    }
    const page = (await client.get<ThemeDto>(`/api/themes/${theme.id}`)).body;
    expect(page).toMatchObject({ quotes: 3, customers: 3, companies: 1 });
    expect(page.quoteList.map((quote) => quote.company ?? '(free mail)').sort()).toEqual(['(free mail)', 'bigcorp.example', 'bigcorp.example']);
    expect(page.weekly).toHaveLength(12);
    expect(page.weekly.reduce((sum, week) => sum + week.quotes, 0)).toBe(3);
    const overview = (await client.get('/api/themes')).body;
    expect(overview[0]).toMatchObject({ name: 'Calendar sync', customers: 3 });
    console.log(
      `Theme page counts (fixture): “${page.name}” — ${page.quotes} quotes, ${page.customers} customers, ${page.companies} companies, first seen ${page.firstSeen}, last seen ${page.lastSeen}\n` +
        page.quoteList.map((quote) => `  “${quote.text}” — ${quote.customer.name} <${quote.customer.email}>, ${quote.company ?? 'no company (free mail)'}`).join('\n'),
    );
  });

  it('suggests a theme from its phrases, never applying it', async () => {
    await deliver(buildInboundEmail({ from: 'Eve <eve@else.example>', subject: 'Help', body: 'Hello. My calendar sync is stuck at 40%. Thanks!' }));
    const conversation = await conversationOf('eve@else.example');
    const feedback = (await client.get(`/api/conversations/${conversation.id}/feedback`)).body;
    expect(feedback.suggestions).toEqual([expect.objectContaining({ theme: { id: theme.id, name: 'Calendar sync' }, text: 'My calendar sync is stuck at 40%.' })]);
    expect(feedback.quotes).toEqual([]);
    const message = conversation.messages[0]!;
    const [suggestion] = feedback.suggestions;
    expect(message.text.slice(suggestion.start, suggestion.end)).toBe(suggestion.text);
  });

  it('refuses webhooks with a bad, missing or replayed signature, changing nothing', async () => {
    const issue = (await client.post('/api/issues', { url: issueUrl, title: 'Keep events across midnight', themeIds: [theme.id] })).body;
    expect(issue).toMatchObject({ tracker: 'github', externalId: 'acme/app#7', state: 'open' });
    const secret = await githubSecret();
    const closed = { action: 'closed', issue: { html_url: issueUrl, state_reason: 'completed' } };
    expect((await signedGithub('not-the-secret', 'issues', closed)).status).toBe(401);
    const unsigned = await fetch(`${testApp.baseUrl}/api/webhooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issues', 'x-github-delivery': randomUUID() },
      body: JSON.stringify(closed),
    });
    expect(unsigned.status).toBe(401);
    expect((await client.get(`/api/issues`)).body[0].state).toBe('open');
    expect((await client.get('/api/fix-replies')).body).toEqual([]);

    // A signed "reopened" first, then its replay after a close: the replay changes nothing.
    const reopenDelivery = randomUUID();
    const reopened = { action: 'reopened', issue: { html_url: issueUrl } };
    expect(await (await signedGithub(secret, 'issues', reopened, reopenDelivery)).json()).toMatchObject({ status: 'applied' });
    expect(await (await signedGithub(secret, 'issues', reopened, reopenDelivery)).json()).toMatchObject({ status: 'duplicate', changed: 0 });
  });

  it('drafts a reply per customer when a signed webhook marks the issue fixed, and sends one correctly threaded', async () => {
    const secret = await githubSecret();
    const merged = {
      action: 'closed',
      pull_request: { merged: true, title: 'Keep events across midnight', body: 'Fixes #7' },
      repository: { full_name: 'acme/app' },
    };
    const response = await signedGithub(secret, 'pull_request', merged);
    expect(await response.json()).toEqual({ status: 'applied', changed: 1 });
    expect((await client.get('/api/issues')).body[0].state).toBe('fixed');

    const drafts = (await client.get<FixReplyDto[]>('/api/fix-replies?status=draft')).body;
    expect(drafts).toHaveLength(3);
    const byCustomer = new Map(drafts.map((draft) => [draft.conversation.contact.email, draft]));
    expect(byCustomer.get('ana@bigcorp.example')!.text).toContain('> The calendar sync drops my events every night.');
    expect(byCustomer.get('bo@bigcorp.example')!.text).toContain('> the calendar sync loses events I made on my phone.');
    expect(byCustomer.get('cy@gmail.com')!.text).toContain('> Your calendar sync deleted my dentist appointment!');
    // No tracker is public by default: the fix is named, its internal URL never shown to a customer.
    for (const draft of drafts) {
      expect(draft.text).toContain('“Keep events across midnight” has shipped.');
      expect(draft.text).not.toContain('github.com');
    }
    // Nothing went out on its own.
    await testApp.app.get(OutboxWorker).runOnce();
    expect(smtp.received).toHaveLength(0);

    const ana = byCustomer.get('ana@bigcorp.example')!;
    console.log(`Close-the-loop draft (fixture), to ${ana.conversation.contact.email}:\n${ana.text}`);
    const sent = await client.post(`/api/fix-replies/${ana.id}/send`);
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('sent');
    expect((await client.post(`/api/fix-replies/${ana.id}/send`)).status).toBe(409);
    await testApp.app.get(OutboxWorker).runOnce();
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['ana@bigcorp.example']);
    expect(header(mail!.raw, 'In-Reply-To')).toBe('<ana1@bigcorp.example>');
    expect(header(mail!.raw, 'Subject')).toBe('Re: Calendar');
    expect(header(mail!.raw, 'Message-ID')).toMatch(/^<wg\.[0-9a-f]{24}\.[0-9a-f]{32}@acme\.example>$/);
    expect((await client.get('/api/fix-replies?status=draft')).body).toHaveLength(2);
  });

  it('names the fix in the team’s words, links only trackers marked public, and unlinks', async () => {
    const publicUrl = 'https://github.com/acme/app/issues/8';
    const issue = (await client.post<IssueLinkDto>('/api/issues', { url: publicUrl, title: 'fix(sync): tz offset in RRULE expansion', themeIds: [theme.id] })).body;
    expect(issue.fixSummary).toBeNull();
    const settings = await client.request('PUT', '/api/settings/feedback', { publicTrackers: ['github'] });
    expect(settings.body).toMatchObject({ autoSendFixReplies: false, publicTrackers: ['github'] });
    const fixed = await client.patch<IssueLinkDto>(`/api/issues/${issue.id}`, { state: 'fixed', fixSummary: 'Events you create late in the evening stay on the right day' });
    expect(fixed.body).toMatchObject({ state: 'fixed', fixSummary: 'Events you create late in the evening stay on the right day' });
    const drafts = (await client.get<FixReplyDto[]>('/api/fix-replies?status=draft')).body.filter((draft) => draft.issue.id === issue.id);
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) {
      expect(draft.text).toContain(`“Events you create late in the evening stay on the right day” has shipped: ${publicUrl}`);
      expect(draft.text).not.toContain('RRULE');
    }

    expect((await client.delete(`/api/issues/${issue.id}/themes/${theme.id}`)).body.themes).toEqual([]);
    expect((await client.delete(`/api/issues/${issue.id}/themes/${theme.id}`)).status).toBe(404);
    const cy = await conversationOf('cy@gmail.com');
    expect((await client.post<IssueLinkDto>(`/api/issues/${issue.id}/conversations`, { conversationId: cy.id })).body.conversations.map((linked) => linked.id)).toEqual([cy.id]);
    expect((await client.get(`/api/conversations/${cy.id}/feedback`)).body.issues.map((linked: IssueLinkDto) => linked.id)).toContain(issue.id);
    expect((await client.delete<IssueLinkDto>(`/api/issues/${issue.id}/conversations/${cy.id}`)).body.conversations).toEqual([]);
    expect((await client.get(`/api/conversations/${cy.id}/feedback`)).body.issues.map((linked: IssueLinkDto) => linked.id)).not.toContain(issue.id);
  });
});

describe('GitLab and Linear webhooks', () => {
  it('applies a GitLab issue close with the right token and a fresh Linear update, and refuses stale or unsigned ones', async () => {
    const gitlab = (await client.post('/api/issues', { url: 'https://gitlab.com/acme/app/-/issues/4' })).body;
    const linear = (await client.post('/api/issues', { url: 'https://linear.app/acme/issue/ENG-12/export' })).body;
    const gitlabSecret = (await client.post('/api/webhooks/gitlab/secret')).body.secret as string;
    const linearSecret = (await client.post('/api/webhooks/linear/secret')).body.secret as string;
    const gitlabClose = JSON.stringify({ object_kind: 'issue', object_attributes: { action: 'close', url: gitlab.url } });
    const post = (tracker: string, body: string, headers: Record<string, string>) =>
      fetch(`${testApp.baseUrl}/api/webhooks/${tracker}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    expect((await post('gitlab', gitlabClose, { 'x-gitlab-event': 'Issue Hook', 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-token': 'guess' })).status).toBe(401);
    expect((await post('gitlab', gitlabClose, { 'x-gitlab-event': 'Issue Hook', 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-token': gitlabSecret })).status).toBe(200);

    const linearBody = (timestamp: number) =>
      JSON.stringify({ action: 'update', type: 'Issue', data: { url: linear.url, state: { type: 'canceled' } }, webhookId: randomUUID(), webhookTimestamp: timestamp });
    const stale = linearBody(Date.now() - 10 * 60_000);
    expect((await post('linear', stale, { 'linear-signature': createHmac('sha256', linearSecret).update(stale).digest('hex') })).status).toBe(401);
    const fresh = linearBody(Date.now());
    expect((await post('linear', fresh, { 'linear-signature': createHmac('sha256', linearSecret).update(fresh).digest('hex') })).status).toBe(200);

    const states = Object.fromEntries((await client.get('/api/issues')).body.map((issue: { url: string; state: string }) => [issue.url, issue.state]));
    expect(states[gitlab.url]).toBe('fixed');
    expect(states[linear.url]).toBe('wontfix');
  });
});

describe('webhook order and replays', () => {
  it('applies a tracker’s change only when newer than the last applied one, and knows a re-sent body under a new id', async () => {
    const url = 'https://github.com/acme/app/issues/21';
    const issue = (await client.post<IssueLinkDto>('/api/issues', { url, title: 'Export drops rows' })).body;
    const secret = await githubSecret();
    const state = async () => (await client.get<IssueLinkDto[]>('/api/issues')).body.find((entry) => entry.id === issue.id)!.state;

    const closedAt10 = { action: 'closed', issue: { html_url: url, state_reason: 'completed', closed_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:00Z' } };
    expect(await (await signedGithub(secret, 'issues', closedAt10)).json()).toEqual({ status: 'applied', changed: 1 });
    expect(await state()).toBe('fixed');

    // A reopen that happened before the close, arriving late (GitHub retries, or a queue): refused.
    const reopenedAt9 = { action: 'reopened', issue: { html_url: url, closed_at: null, updated_at: '2026-12-01T09:00:00Z' } };
    expect(await (await signedGithub(secret, 'issues', reopenedAt9)).json()).toEqual({ status: 'stale', changed: 0 });
    expect(await state()).toBe('fixed');

    // GitHub's "Redeliver" sends the same signed body under a new delivery id: a replay, not a new event.
    expect(await (await signedGithub(secret, 'issues', closedAt10, randomUUID())).json()).toEqual({ status: 'duplicate', changed: 0 });

    // A genuinely newer reopen applies, and an old close re-signed afterwards cannot flip it back.
    const reopenedAt11 = { action: 'reopened', issue: { html_url: url, closed_at: null, updated_at: '2026-12-01T11:00:00Z' } };
    expect(await (await signedGithub(secret, 'issues', reopenedAt11)).json()).toEqual({ status: 'applied', changed: 1 });
    const closedAt1030 = { action: 'closed', issue: { html_url: url, state_reason: 'completed', closed_at: '2026-12-01T10:30:00Z', updated_at: '2026-12-01T10:30:00Z' } };
    expect(await (await signedGithub(secret, 'issues', closedAt1030)).json()).toEqual({ status: 'stale', changed: 0 });
    expect(await state()).toBe('open');

    // A person's change is never refused, and renaming leaves the order alone: a newer close still applies.
    expect((await client.patch<IssueLinkDto>(`/api/issues/${issue.id}`, { title: 'Export drops the last rows' })).body.state).toBe('open');
    const closedAt12 = { action: 'closed', issue: { html_url: url, state_reason: 'completed', closed_at: '2026-12-01T12:00:00Z', updated_at: '2026-12-01T12:00:00Z' } };
    expect(await (await signedGithub(secret, 'issues', closedAt12)).json()).toEqual({ status: 'applied', changed: 1 });
    expect(await state()).toBe('fixed');
  });

  it('records who created or replaced a webhook secret, never the secret itself', async () => {
    const before = Number((await testApp.database.pool.query(`SELECT count(*) FROM audit_event WHERE action LIKE 'webhook.%'`)).rows[0].count);
    const first = await client.post('/api/webhooks/linear/secret');
    const second = await client.post('/api/webhooks/linear/secret');
    const { rows } = await testApp.database.pool.query(
      `SELECT a.action, a.target_id AS "targetId", a.details::text AS details, p.email FROM audit_event a JOIN person p ON p.id = a.actor_id WHERE a.action LIKE 'webhook.%' ORDER BY a.occurred_at OFFSET $1`,
      [before],
    );
    expect(rows.map((row) => [row.action, row.targetId, row.email])).toEqual([
      [before === 0 ? 'webhook.secret_created' : 'webhook.secret_replaced', 'linear', FOUNDER.email],
      ['webhook.secret_replaced', 'linear', FOUNDER.email],
    ]);
    for (const row of rows) {
      expect(row.details).not.toContain(first.body.secret);
      expect(row.details).not.toContain(second.body.secret);
    }
  });
});

describe('what members may do', () => {
  const GRACE = { name: 'Grace Programmer', email: 'grace@wholegrain.test', password: 'another long password', access: 'member', supportRole: 'programmer', timeZone: 'Europe/London' };
  let grace: ApiClient;

  beforeAll(async () => {
    expect((await client.post('/api/people', GRACE)).status).toBe(201);
    grace = new ApiClient(testApp.baseUrl);
    expect((await grace.signIn(GRACE.email, GRACE.password)).status).toBe(200);
  });

  it('lets a member retract only their own quotes unless an admin allows more; admins retract any', async () => {
    const bo = await conversationOf('bo@bigcorp.example');
    const adasQuote = (await pinWords(bo, 'Since Tuesday')).body;
    const gracesQuote = (await grace.post<QuoteDto>('/api/quotes', { messageId: bo.messages[0]!.id, start: bo.messages[0]!.text.indexOf('on my phone'), end: bo.messages[0]!.text.indexOf('on my phone') + 'on my phone'.length })).body;

    const refused = await grace.delete(`/api/quotes/${adasQuote.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only the person who pinned this quote or an admin can retract it.');
    expect((await client.get(`/api/conversations/${bo.id}/feedback`)).body.quotes.map((quote: QuoteDto) => quote.id)).toContain(adasQuote.id);
    expect((await grace.delete(`/api/quotes/${gracesQuote.id}`)).status).toBe(204);

    const allowed = await client.request('PUT', '/api/settings/feedback', { memberActions: { retractOthersQuotes: true } });
    expect(allowed.body.memberActions).toEqual({ retractOthersQuotes: true, mergeThemes: true, manageIssues: true, sendFixReplies: true });
    expect((await grace.delete(`/api/quotes/${adasQuote.id}`)).status).toBe(204);
    const [audit] = (await testApp.database.pool.query(`SELECT details FROM audit_event WHERE action = 'settings.member_actions_updated' ORDER BY occurred_at DESC LIMIT 1`)).rows;
    expect(audit.details).toMatchObject({ before: { retractOthersQuotes: false }, after: { retractOthersQuotes: true } });
  });

  it('refuses members what admins turned off (merging themes, changing issues, sending fix replies), never admins, and only admins change the choice', async () => {
    expect((await grace.request('PUT', '/api/settings/feedback', { memberActions: { mergeThemes: true } })).status).toBe(403);
    await client.request('PUT', '/api/settings/feedback', { memberActions: { mergeThemes: false, manageIssues: false, sendFixReplies: false } });
    const a = (await client.post<ThemeDto>('/api/themes', { name: 'Members test A' })).body;
    const b = (await client.post<ThemeDto>('/api/themes', { name: 'Members test B' })).body;
    const issue = (await grace.post<IssueLinkDto>('/api/issues', { url: 'https://github.com/acme/app/issues/31', title: 'Linking stays open to everyone' })).body;
    expect(issue.state).toBe('open');

    const merge = await grace.post(`/api/themes/${a.id}/merge`, { intoThemeId: b.id });
    expect(merge.status).toBe(403);
    expect(merge.body.error.message).toMatch(/Only admins can merge themes/);
    expect((await grace.patch(`/api/issues/${issue.id}`, { state: 'fixed' })).status).toBe(403);
    expect((await grace.post('/api/fix-replies/send-all')).status).toBe(403);
    expect((await client.get<IssueLinkDto[]>('/api/issues')).body.find((entry) => entry.id === issue.id)!.state).toBe('open');

    expect((await client.post(`/api/themes/${a.id}/merge`, { intoThemeId: b.id })).status).toBe(201);
    expect((await client.patch<IssueLinkDto>(`/api/issues/${issue.id}`, { state: 'wontfix' })).body.state).toBe('wontfix');
    // Everyone reads the choice, so the web app hides what a member may not do.
    expect((await grace.get('/api/settings/feedback')).body.memberActions).toEqual({ retractOthersQuotes: true, mergeThemes: false, manageIssues: false, sendFixReplies: false });
  });
});
