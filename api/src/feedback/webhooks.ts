import { createHmac, timingSafeEqual } from 'node:crypto';

/** The trackers whose webhooks change a linked issue's state. */
export const WEBHOOK_TRACKERS = ['github', 'gitlab', 'linear'] as const;
export type WebhookTracker = (typeof WEBHOOK_TRACKERS)[number];
export type IssueState = 'open' | 'fixed' | 'wontfix';

/** What a delivery means for our links: these issue URLs now have this state. */
export interface IssueStateChange {
  urls: string[];
  state: IssueState;
  /**
   * When the tracker says the change happened (the payload's `closed_at`, `merged_at`, `updated_at`…),
   * so a late or re-sent older event never overrides a newer one; null when the payload has no time.
   */
  occurredAt: Date | null;
}

const equal = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};
const hmacHex = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

/** Linear deliveries older than this are refused (their body carries the time they were sent). */
export const LINEAR_MAX_AGE_MS = 60_000;

/**
 * Checks a delivery's signature over its raw body. GitHub: `X-Hub-Signature-256: sha256=<hex hmac>`;
 * GitLab: the secret itself in `X-Gitlab-Token`; Linear: `Linear-Signature: <hex hmac>` and a
 * `webhookTimestamp` within a minute. Returns why it fails, or null.
 */
export function signatureProblem(tracker: WebhookTracker, secret: string, headers: Record<string, string | undefined>, rawBody: Buffer, now: Date): string | null {
  if (tracker === 'github') {
    const given = headers['x-hub-signature-256'];
    if (!given) return 'Missing X-Hub-Signature-256.';
    return equal(given, `sha256=${hmacHex(secret, rawBody)}`) ? null : 'The signature does not match.';
  }
  if (tracker === 'gitlab') {
    const given = headers['x-gitlab-token'];
    if (!given) return 'Missing X-Gitlab-Token.';
    return equal(given, secret) ? null : 'The token does not match.';
  }
  const given = headers['linear-signature'];
  if (!given) return 'Missing Linear-Signature.';
  if (!equal(given, hmacHex(secret, rawBody))) return 'The signature does not match.';
  let sentAt: number;
  try {
    sentAt = Number((JSON.parse(rawBody.toString('utf8')) as { webhookTimestamp?: number }).webhookTimestamp);
  } catch {
    return 'The body is not JSON.';
  }
  if (!Number.isFinite(sentAt) || Math.abs(now.getTime() - sentAt) > LINEAR_MAX_AGE_MS) return 'The delivery is too old (or its clock is off): possibly a replay.';
  return null;
}

/**
 * The fields of a tracker's delivery that are read; the rest is ignored. The JSON comes from outside:
 * a field may hold anything, so what becomes an issue URL is checked to be a string.
 */
export interface WebhookPayload {
  // GitHub
  action?: unknown;
  issue?: { html_url?: unknown; state?: unknown; state_reason?: unknown; updated_at?: unknown; closed_at?: unknown };
  pull_request?: { merged?: unknown; title?: unknown; body?: unknown; merged_at?: unknown; closed_at?: unknown; updated_at?: unknown };
  repository?: { full_name?: unknown };
  // GitLab
  object_attributes?: { url?: unknown; action?: unknown; title?: unknown; description?: unknown; updated_at?: unknown; closed_at?: unknown; merged_at?: unknown };
  project?: { web_url?: unknown };
  // Linear
  type?: unknown;
  webhookId?: unknown;
  webhookTimestamp?: unknown;
  createdAt?: unknown;
  data?: { url?: unknown; state?: { type?: unknown }; updatedAt?: unknown };
}

/** A delivery's id, so the same delivery replayed changes nothing. */
export function deliveryId(tracker: WebhookTracker, headers: Record<string, string | undefined>, payload: WebhookPayload): string | null {
  if (tracker === 'github') return headers['x-github-delivery'] ?? null;
  if (tracker === 'gitlab') return headers['x-gitlab-event-uuid'] ?? headers['idempotency-key'] ?? null;
  const webhookId = payload.webhookId;
  const timestamp = payload.webhookTimestamp;
  const fromPayload = (typeof webhookId === 'string' || typeof webhookId === 'number') && (typeof timestamp === 'string' || typeof timestamp === 'number') && webhookId !== '' && timestamp !== '' ? `${webhookId}:${timestamp}` : null;
  return headers['linear-delivery'] ?? fromPayload;
}

const CLOSING_WORDS = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)[:\s]+(?:([\w.-]+\/[\w.-]+))?#(\d+)/gi;

function closedReferences(text: string, base: (repository: string | undefined, number: string) => string): string[] {
  return [...text.matchAll(CLOSING_WORDS)].map((match) => base(match[1], match[2]!));
}

/** A string field of a delivery, or null when it holds anything else. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A tracker's timestamp: ISO 8601 (GitHub, Linear), GitLab's `2026-12-03 17:23:34 UTC`, or Linear's
 * milliseconds. The first field that holds a valid time wins; null when none does.
 */
export function eventTime(...values: unknown[]): Date | null {
  for (const value of values) {
    let time: number | null = null;
    if (typeof value === 'number' && Number.isFinite(value)) time = value;
    if (typeof value === 'string' && value !== '') {
      const gitlab = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(value);
      time = Date.parse(gitlab ? `${gitlab[1]}T${gitlab[2]}Z` : value);
    }
    if (time !== null && Number.isFinite(time)) return new Date(time);
  }
  return null;
}

/** What a delivery says about issue states; null when it is about something else. */
export function interpretDelivery(tracker: WebhookTracker, event: string | undefined, payload: WebhookPayload): IssueStateChange | null {
  const change = interpretState(tracker, event, payload);
  if (!change) return null;
  const at =
    tracker === 'github'
      ? event === 'issues'
        ? eventTime(payload.issue?.updated_at, payload.issue?.closed_at)
        : eventTime(payload.pull_request?.merged_at, payload.pull_request?.closed_at, payload.pull_request?.updated_at)
      : tracker === 'gitlab'
        ? eventTime(payload.object_attributes?.updated_at, payload.object_attributes?.closed_at, payload.object_attributes?.merged_at)
        : eventTime(payload.data?.updatedAt, payload.createdAt, payload.webhookTimestamp);
  return { ...change, occurredAt: at };
}

function interpretState(tracker: WebhookTracker, event: string | undefined, payload: WebhookPayload): Omit<IssueStateChange, 'occurredAt'> | null {
  if (tracker === 'github') {
    const issueUrl = text(payload.issue?.html_url);
    if (event === 'issues' && issueUrl) {
      if (payload.action === 'closed') return { urls: [issueUrl], state: payload.issue?.state_reason === 'not_planned' ? 'wontfix' : 'fixed' };
      if (payload.action === 'reopened') return { urls: [issueUrl], state: 'open' };
    }
    if (event === 'pull_request' && payload.action === 'closed' && payload.pull_request?.merged === true) {
      const repository = text(payload.repository?.full_name);
      const urls = closedReferences(`${text(payload.pull_request.title) ?? ''}\n${text(payload.pull_request.body) ?? ''}`, (repo, number) => `https://github.com/${repo ?? repository}/issues/${number}`);
      return urls.length ? { urls, state: 'fixed' } : null;
    }
    return null;
  }
  if (tracker === 'gitlab') {
    const attributes = payload.object_attributes ?? {};
    const issueUrl = text(attributes.url);
    if (event === 'Issue Hook' && issueUrl) {
      if (attributes.action === 'close') return { urls: [issueUrl], state: 'fixed' };
      if (attributes.action === 'reopen') return { urls: [issueUrl], state: 'open' };
    }
    const projectUrl = text(payload.project?.web_url);
    if (event === 'Merge Request Hook' && attributes.action === 'merge' && projectUrl) {
      const urls = closedReferences(`${text(attributes.title) ?? ''}\n${text(attributes.description) ?? ''}`, (_repo, number) => `${projectUrl}/-/issues/${number}`);
      return urls.length ? { urls, state: 'fixed' } : null;
    }
    return null;
  }
  const issueUrl = text(payload.data?.url);
  const kind = text(payload.data?.state?.type);
  if (payload.type === 'Issue' && issueUrl && kind) {
    return { urls: [issueUrl], state: kind === 'completed' ? 'fixed' : kind === 'canceled' ? 'wontfix' : 'open' };
  }
  return null;
}

/** The tracker an issue URL belongs to, and its id there. */
export function trackerOf(url: string): { tracker: 'github' | 'gitlab' | 'linear' | 'jira' | 'other'; externalId: string | null } {
  const parsed = new URL(url);
  let match = /^\/([^/]+\/[^/]+)\/(?:issues|pull)\/(\d+)/.exec(parsed.pathname);
  if (parsed.hostname === 'github.com' && match) return { tracker: 'github', externalId: `${match[1]}#${match[2]}` };
  match = /^\/(.+)\/-\/issues\/(\d+)/.exec(parsed.pathname);
  if (match) return { tracker: 'gitlab', externalId: `${match[1]}#${match[2]}` };
  match = /^\/[^/]+\/issue\/([A-Z][A-Z0-9]*-\d+)/.exec(parsed.pathname);
  if (parsed.hostname === 'linear.app' && match) return { tracker: 'linear', externalId: match[1]! };
  match = /\/browse\/([A-Z][A-Z0-9]*-\d+)/.exec(parsed.pathname);
  if (match) return { tracker: 'jira', externalId: match[1]! };
  return { tracker: 'other', externalId: null };
}
